import OfferCore
import OfferStore
import Logging
import Foundation
import Hummingbird
import HummingbirdAuth
import OfferboxService

/// Every route behind it needs a logged-in user who is still in the configuration; every POST
/// also needs the session's CSRF token in its form (read here, once, into `context.form`).
struct RequireLogin: RouterMiddleware {
    typealias Context = WebContext
    let site: Site

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        // A user removed from the configuration, or whose password changed since, is logged out.
        guard let session = context.sessions.session, let name = session.user, let user = site.web.user(named: name),
              session.password != nil, session.password == site.passwordFingerprint(user) else {
            if context.sessions.session != nil { context.sessions.clearSession() }
            if request.method == .get || request.method == .head {
                return Response(status: .seeOther, headers: [.location: "/login"])
            }
            return site.renderer.error(.forbidden, "Your session has ended: log in again.", user: nil, back: "/login")
        }
        var context = context
        context.user = WebUser(name: user.name, role: user.role, csrf: session.csrf)
        if request.method == .post {
            var request = request
            let form = try await FormBody.read(&request)
            guard CSRFToken.matches(form["csrf"], session.csrf) else {
                site.logger.warning("a form came without its session's token (CSRF)", metadata: ["ob.web.user": "\(user.name)",
                                                                                                  "ob.web.path": "\(request.uri.path)"])
                return site.renderer.error(.forbidden, "This form has expired: open the page again and repeat.", user: context.user)
            }
            context.form = form
            return try await next(request, context)
        }
        return try await next(request, context)
    }
}

/// An `application/x-www-form-urlencoded` body, at most 64 KiB.
enum FormBody {
    static let maximumBytes = 64 * 1024

    static func read(_ request: inout Request) async throws -> [String: String] {
        let buffer = try await request.collectBody(upTo: maximumBytes)
        return parse(String(buffer: buffer))
    }

    /// `a=1&b=x+y%21` → `["a": "1", "b": "x y!"]`; the first of a repeated name wins.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(100) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
