import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import OfferboxService

/// `/login` and `/logout`.
///
/// The login form keeps no state on the server: its token is also in a short-lived cookie of its
/// own (`login`), and the POST must bring both, equal (a double-submit token: another site can make
/// the browser post the form, never read or set the cookie, so it cannot log a victim into its
/// account). A visitor who never logs in costs nothing to keep, and opening the form never touches
/// the session cookie of someone already logged in. A successful login starts a new session (a new
/// random cookie: no session fixation).
struct LoginRoutes {
    let site: Site
    /// How long the login form's token lasts.
    static let formLifetime = 15 * 60

    func add(to router: Router<WebContext>) {
        router.get("/login") { request, context in
            if context.sessions.session?.user != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return loginPage(message: nil, name: "")
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in
            var request = request
            let form = try await FormBody.read(&request)
            if let session = context.sessions.session, CSRFToken.matches(form["csrf"], session.csrf) {
                if let user = session.user { site.logger.info("logged out", metadata: ["ob.web.user": "\(user)"]) }
                context.sessions.clearSession()
            }
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
    }

    /// The form, with a fresh token in the page and in the form's cookie.
    private func loginPage(message: String?, name: String, status: HTTPResponse.Status = .ok) -> Response {
        struct Data { var csrf: String; var message: String?; var name: String }
        let token = CSRFToken.make()
        var response = site.renderer.response(.login, Data(csrf: token, message: message, name: name), title: "Log in", user: nil,
                                              status: status)
        response.setCookie(Cookie(name: site.cookieNames.login, value: token, maxAge: Self.formLifetime, path: "/",
                                  secure: site.web.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private func login(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        guard let cookie = request.cookies[site.cookieNames.login]?.value, CSRFToken.matches(form["csrf"], cookie) else {
            return loginPage(message: "The form had expired: please log in again.", name: "", status: .forbidden)
        }
        let name = String((form["name"] ?? "").prefix(64))
        let password = String((form["password"] ?? "").prefix(1024))
        let user = site.web.user(named: name)
        // The name as typed, known or not: a closed door says nothing of which names exist.
        let (userKey, address) = (name.lowercased(), site.clientAddress(request, context))
        // The attempt is booked as a failure before the password is checked, and cleared on success:
        // a burst of parallel guesses meets a closed door after the first five, not after bcrypt.
        let wait = site.throttle.attempt(user: userKey, address: address, now: site.now())
        guard wait == 0 else {
            site.logger.warning("login refused: too many failed attempts", metadata: ["ob.web.address": "\(address)"])
            var response = loginPage(message: "Too many failed attempts: try again in \(PageText.duration(wait)).", name: name,
                                     status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        guard let matches = await site.passwords.verify(password: password, user: user) else {
            site.logger.warning("login refused: the server is busy checking other passwords")
            var response = loginPage(message: "The server is busy: try again in a few seconds.", name: name, status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
        guard matches, let user, let fingerprint = site.passwordFingerprint(user) else {
            site.logger.notice("login failed", metadata: ["ob.web.address": "\(address)"])
            return loginPage(message: "Wrong user name or password.", name: name, status: .unauthorized)
        }
        site.throttle.succeeded(user: userKey)
        site.logger.info("logged in", metadata: ["ob.web.user": "\(user.name)", "ob.web.role": "\(user.role.rawValue)"])
        context.sessions.createSession(WebSession(user: user.name, csrf: CSRFToken.make(), since: site.now(), password: fingerprint),
                                       expiresIn: .seconds(site.web.sessionHours * 3600))
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(Cookie(name: site.cookieNames.login, value: "", maxAge: 0, path: "/", secure: site.web.secureCookies,
                                  httpOnly: true, sameSite: .strict))
        return response
    }
}
