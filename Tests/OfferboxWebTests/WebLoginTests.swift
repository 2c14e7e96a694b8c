import Foundation
import HummingbirdBcrypt
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Testing

/// Logging in: the form's token, wrong passwords, the throttle, the cookie's attributes.
@Suite struct WebLoginTests {
    @Test func theSessionCookieIsHttpOnlySecureAndStrictAndTheLoginFormKeepsNoSession() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            let form = try await visitor.get("/login")
            #expect(Array(visitor.cookies.keys) == ["__Host-offerbox_login"], "the form's token only: no session for a visitor")
            #expect(visitor.cookies["__Host-offerbox_login"] == form.csrf)
            let login = try await visitor.post("/login", [("csrf", form.csrf ?? ""), ("name", "sec"), ("password", WebFixture.password)])
            #expect(login.status == .seeOther)
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("__Host-offerbox_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(visitor.cookies["__Host-offerbox_login"] == nil, "the form's token is spent")
            let again = try await visitor.get("/login")
            #expect(again.status == .seeOther && visitor.cookies["__Host-offerbox_session"] != nil, "opening the form keeps the session")
        }
    }

    @Test func aNewPasswordEndsTheSessionsOpenedWithTheOldOne() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            #expect(try await visitor.get("/").status == .ok)
            let file = try #require(fixture.configuration.web?.user(named: "sec")?.passwordFile)
            try (Bcrypt.hash("another long password", cost: 4) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await visitor.get("/").status == .seeOther)
            #expect(try await visitor.login("sec").status == .unauthorized)
            #expect(try await visitor.login("sec", password: "another long password").status == .seeOther)
        }
    }

    @Test func theSameTokenCannotOpenParallelGuessesAndAnUnknownNameIsClosedLikeAKnownOne() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            let form = try await visitor.get("/login")
            let cookies = visitor.cookies
            // Twelve guesses at once with one form: five reach bcrypt (two at a time), the rest meet a closed door.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        var guesser = Visitor(client)
                        guesser.cookies = cookies
                        return try await guesser.post("/login", [("csrf", form.csrf ?? ""), ("name", "sec"), ("password", "guess guess guess")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count <= 5)
            #expect(statuses.allSatisfy { [.unauthorized, .tooManyRequests, .serviceUnavailable].contains($0) })
            #expect(try await visitor.login("sec").status == .tooManyRequests, "the right password meets the closed door")
            for _ in 0..<5 { _ = try await visitor.login("nobody", password: "guess guess guess") }
            let unknown = try await visitor.login("nobody")
            #expect(unknown.status == .tooManyRequests, "an unknown name is closed after five failures, like a known one")
        }
    }

    @Test func aLoginWithoutTheFormsTokenOrWithAWrongPasswordFails() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.get("/login")
            let forged = try await visitor.post("/login", [("csrf", "x"), ("name", "sec"), ("password", WebFixture.password)])
            #expect(forged.status == .forbidden)
            var stranger = Visitor(client)
            let withoutCookie = try await stranger.post("/login", [("csrf", visitor.cookies["__Host-offerbox_login"] ?? ""), ("name", "sec"),
                                                                   ("password", WebFixture.password)])
            #expect(withoutCookie.status == .forbidden, "a token without its cookie (another site's form) is refused")
            #expect(forged.status == .forbidden)
            let wrong = try await visitor.login("sec", password: "wrong password!")
            #expect(wrong.status == .unauthorized && wrong.body.contains("Wrong user name or password."))
            let unknown = try await visitor.login("nobody", password: WebFixture.password)
            #expect(unknown.status == .unauthorized && unknown.body.contains("Wrong user name or password."))
            #expect(try await visitor.get("/").status == .seeOther)
        }
    }

    @Test func fiveFailuresCloseTheDoorEvenToTheRightPassword() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            for _ in 0..<5 { #expect(try await visitor.login("sec", password: "guess guess guess").status == .unauthorized) }
            let closed = try await visitor.login("sec")
            #expect(closed.status == .tooManyRequests)
            #expect(Int(closed.headers[.retryAfter] ?? "") ?? 0 > 0)
            fixture.move(to: fixture.now + 15 * 60 + 1)
            #expect(try await visitor.login("sec").status == .seeOther, "open again once the failures left the window")
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let fixture = try WebFixture()
        try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            var pages = [try await visitor.get("/login"), try await visitor.get("/healthz"), try await visitor.get("/nowhere")]
            _ = try await visitor.login("sec")
            pages += [try await visitor.get("/"), try await visitor.get("/offers/ASTON-2022-0001/documents/1")]
            for page in pages {
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'none'") && !policy.contains("script-src") && policy.contains("frame-ancestors 'none'"))
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[.cacheControl] == "no-store")
            }
            #expect(!pages[3].body.contains("<script"), "no script on a page")
            let style = try await visitor.get("/assets/style.css")
            #expect(style.status == .ok && style.headers[.contentType]?.hasPrefix("text/css") == true)
        }
    }

    @Test func healthAndMetricsAnswerWithoutALoginAndNameNoApplicant() async throws {
        let fixture = try WebFixture()
        try fixture.offer(files: WebFixture.allFour, uid: 1)
        try fixture.database.markFetched(mailboxKey: fixture.configuration.mailboxes[0].key, at: fixture.now - 10)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            let health = try await visitor.get("/healthz")
            #expect(health.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(health.bytes)) as? [String: Any])
            #expect(json["status"] as? String == "ok")
            let mailboxes = try #require(json["mailboxes"] as? [[String: Any]])
            #expect(mailboxes.first?["age_seconds"] as? Int == 10)
            fixture.move(to: fixture.now + 3600)
            #expect(try await visitor.get("/healthz").status == .serviceUnavailable, "a mailbox not read for an hour is stale")
            let metrics = try await visitor.get("/metrics")
            #expect(metrics.body.contains("offerbox_offers{status=\"accepted\"} 1"))
            #expect(!metrics.body.contains("awa") && !health.body.contains("awa") && !health.body.contains("secretariat@"))
        }
    }
}
