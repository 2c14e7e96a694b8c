import OfferCore
import OfferStore
import Logging
import Hummingbird
import NIOCore
import HTTPTypes

/// Headers on every response: a strict Content-Security-Policy (no script at all, styles from the
/// page's own stylesheet, forms to itself, never framed), no MIME sniffing, no referrer, and no
/// caching of what a page showed (a shared computer keeps nothing of an offer in its cache).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// HSTS too when the page serves HTTPS itself.
    let https: Bool

    static var policy: String {
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // A thrown HTTP error (a missing parameter, a body too large) gets the headers too.
            response = try error.response(from: request, context: context)
        } catch {
            // Anything else (the store failing) is logged here and answered without its details.
            context.logger.error("a request failed", metadata: ["ob.web.path": "\(request.uri.path)", "ob.error": "\(error)"])
            response = Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "offerbox could not answer this request; the administrator's log says why.\n")))
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
