import OfferCore
import OfferStore
import Logging
import Foundation
import Hummingbird
import HummingbirdAuth
import OfferboxService

/// `/login` and `/logout`. A login form carries a token bound to a short anonymous session (no
/// login CSRF); a successful login starts a new session (a new cookie: no session fixation).
struct LoginRoutes {
    let site: Site
    /// How long the anonymous session of the login form lasts.
    static let formLifetime: Duration = .seconds(15 * 60)

    func add(to router: Router<WebContext>) {
        router.get("/login") { _, context in
            if context.sessions.session?.user != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return loginPage(context, message: nil, name: "")
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

    private func loginPage(_ context: WebContext, message: String?, name: String, status: HTTPResponse.Status = .ok) -> Response {
        struct Data { var csrf: String; var message: String?; var name: String }
        let csrf: String
        if let session = context.sessions.session, session.user == nil {
            csrf = session.csrf
        } else {
            csrf = CSRFToken.make()
            context.sessions.createSession(WebSession(user: nil, csrf: csrf, since: nil), expiresIn: Self.formLifetime)
        }
        return site.renderer.response(.login, Data(csrf: csrf, message: message, name: name), title: "Log in", user: nil, status: status)
    }

    private func login(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        guard let session = context.sessions.session, session.user == nil, CSRFToken.matches(form["csrf"], session.csrf) else {
            return loginPage(context, message: "The form had expired: please log in again.", name: "", status: .forbidden)
        }
        let name = String((form["name"] ?? "").prefix(64))
        let password = String((form["password"] ?? "").prefix(1024))
        let user = site.web.user(named: name)
        // Unknown names share one key: the throttle's memory stays bounded by the configuration.
        let (userKey, address) = (user?.name ?? "?unknown", Self.address(context))
        let wait = site.throttle.wait(user: userKey, address: address, now: site.now())
        guard wait == 0 else {
            site.logger.warning("login refused: too many failed attempts", metadata: ["ob.web.user": "\(userKey)", "ob.web.address": "\(address)"])
            var response = loginPage(context, message: "Too many failed attempts: try again in \(PageText.duration(wait)).", name: name,
                                     status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        guard await site.passwords.verify(password: password, user: user), let user else {
            site.throttle.failed(user: userKey, address: address, now: site.now())
            site.logger.notice("login failed", metadata: ["ob.web.address": "\(Self.address(context))"])
            return loginPage(context, message: "Wrong user name or password.", name: name, status: .unauthorized)
        }
        site.throttle.succeeded(user: userKey)
        site.logger.info("logged in", metadata: ["ob.web.user": "\(user.name)", "ob.web.role": "\(user.role.rawValue)"])
        context.sessions.createSession(WebSession(user: user.name, csrf: CSRFToken.make(), since: site.now()),
                                    expiresIn: .seconds(site.web.sessionHours * 3600))
        return Response(status: .seeOther, headers: [.location: "/"])
    }

    static func address(_ context: WebContext) -> String {
        context.remoteAddress?.ipAddress ?? "unknown"
    }
}
