import Foundation
import Crypto
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OfferCore
import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Testing

/// Every route, for every role, sealed and unsealed.
@Suite struct WebAccessTests {
    static let protectedPages = ["/", "/offers", "/offers/ASTON-2022-0001", "/offers/ASTON-2022-0001/documents/1", "/exports",
                                 "/exports/offers.csv", "/exports/documents.zip", "/opening.json"]

    @Test func withoutALoginEveryPageSendsToTheLoginAndEveryFormIsRefused() async throws {
        let fixture = try WebFixture()
        try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            for path in Self.protectedPages {
                let page = try await visitor.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.headers[.location] == "/login", "\(path)")
            }
            for action in ["withdraw", "reclassify", "merge", "answered"] {
                let page = try await visitor.post("/offers/ASTON-2022-0001/\(action)", [("reason", "x")])
                #expect(page.status == .forbidden, "\(action)")
            }
            #expect(try fixture.database.offer(publicID: "ASTON-2022-0001")?.withdrawnAt == nil)
            let login = try await visitor.get("/login")
            #expect(login.status == .ok && login.body.contains("id=\"password\""))
        }
    }

    @Test func theSecretariatSeesEverythingAndADownloadIsTheRegistersBytesAndIsRecorded() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            let login = try await visitor.login("sec")
            #expect(login.status == .seeOther && login.headers[.location] == "/")
            let overview = try await visitor.get("/")
            #expect(overview.status == .ok && overview.body.contains("id=\"offer-count\">1<"))
            let offers = try await visitor.get("/offers")
            #expect(offers.body.contains("href=\"/offers/\(id)\""))
            let row = String(offers.body.split(separator: "<tr id=\"offer-\(id)\">").last?.prefix { $0 != "/" } ?? "")
            #expect(offers.body.contains("<td>Awa Diallo<br><span class=\"address\">awa@example.org</span></td>"), "\(row)")
            #expect(offers.body.contains("<td>none</td>") && offers.body.contains("<span class=\"status accepted\">accepted</span></td>"))
            #expect(!offers.body.contains("nil") && !offers.body.contains("merged into") && !offers.body.contains("title="),
                    "an absent value shows nothing")
            let page = try await visitor.get("/offers/\(id)")
            #expect(page.body.contains("CV Awa Diallo.pdf") && page.body.contains("id=\"history\""))
            let offer = try #require(try fixture.database.offer(publicID: id))
            let cv = try #require(try fixture.database.countedDocuments(offerID: offer.id!).first { $0.document.filename == "CV Awa Diallo.pdf" })
            let download = try await visitor.get("/offers/\(id)/documents/\(cv.document.id!)")
            #expect(download.status == .ok)
            #expect(SHA256.hash(data: download.bytes).map { String(format: "%02x", $0) }.joined() == cv.document.sha256)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"CV Awa Diallo.pdf\"") == true)
            #expect(download.headers[.contentType] == "application/pdf")
            let accessed = try fixture.database.events(offerID: offer.id!).filter { $0.kind == .documentAccessed }
            #expect(accessed.map(\.detail.by) == ["sec"] && accessed.map(\.detail.document) == [cv.document.id])
            let csv = try await visitor.get("/exports/offers.csv")
            #expect(csv.status == .ok && csv.body.contains(id))
            let zip = try await visitor.get("/exports/documents.zip")
            #expect(zip.status == .ok && zip.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            #expect(try fixture.database.events(offerID: offer.id!).contains { $0.kind == .documentsExported && $0.detail.by == "sec" })
        }
    }

    @Test func theCommitteeSeesNoContentBeforeTheDeadlineAndEverythingAfter() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(subject: "My secret subject", files: WebFixture.allFour, uid: 1)
        let offer = try #require(try fixture.database.offer(publicID: id))
        let row = try #require(try fixture.database.countedDocuments(offerID: offer.id!).first?.document)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("com")
            let page = try await visitor.get("/offers/\(id)")
            #expect(page.status == .ok && page.body.contains("Awa Diallo"))
            #expect(page.body.contains("<dd id=\"missing\">none</dd>"), "the missing kinds are not sealed")
            for secret in WebFixture.allFour + [row.sha256, "My secret subject", "id=\"history\"", "/documents/"] {
                #expect(!page.body.contains(secret), "sealed page shows \(secret)")
            }
            let list = try await visitor.get("/offers")
            #expect(list.body.contains(id) && !list.body.contains("Language") && !list.body.contains("CV Awa"))
            for path in ["/offers/\(id)/documents/\(row.id!)", "/exports/offers.csv", "/exports/documents.zip"] {
                let refused = try await visitor.get(path)
                #expect(refused.status == .forbidden, "\(path)")
                #expect(!refused.bytes.starts(with: Array("%PDF".utf8)))
            }
            #expect(try fixture.database.events(offerID: offer.id!).allSatisfy { $0.kind != .documentAccessed })
            let correction = try await visitor.post("/offers/\(id)/withdraw", [("csrf", page.csrf ?? ""), ("reason", "asked")])
            #expect(correction.status == .forbidden && correction.body.contains("Only the secretariat"))

            fixture.move(to: WebFixture.deadline)
            let opened = try await visitor.get("/offers/\(id)")
            #expect(opened.body.contains("CV Awa Diallo.pdf") && opened.body.contains(row.sha256) && opened.body.contains("id=\"history\""))
            let download = try await visitor.get("/offers/\(id)/documents/\(row.id!)")
            #expect(download.status == .ok && download.bytes.starts(with: Array("%PDF".utf8)))
        }
    }

    @Test func theAuditorReadsTheHistoryUnderTheSealWithoutFileNames() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: ["Letter of intent.pdf", "CV Awa Diallo.pdf"], uid: 1)
        try fixture.offer(files: ["CV Awa Diallo v2.pdf"], uid: 2, at: WebFixture.deadline - 80_000)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("aud")
            let page = try await visitor.get("/offers/\(id)")
            #expect(page.body.contains("id=\"history\"") && page.body.contains("document replaced"))
            #expect(!page.body.contains("CV Awa Diallo"), "no file name under the seal, not even in the history")
            #expect(!page.body.contains("action=\"/offers/\(id)/"), "no correction form for the auditor")
        }
    }

    @Test func aCorrectionNeedsItsSessionsTokenAndIsMadeByTheSecretariatOnly() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            let page = try await visitor.get("/offers/\(id)")
            let forged = try await visitor.post("/offers/\(id)/withdraw", [("csrf", "not-the-token"), ("reason", "forged")])
            #expect(forged.status == .forbidden)
            let noReason = try await visitor.post("/offers/\(id)/withdraw", [("csrf", page.csrf ?? ""), ("reason", " ")])
            #expect(noReason.status == .unprocessableContent)
            #expect(try fixture.database.offer(publicID: id)?.withdrawnAt == nil)
            let done = try await visitor.post("/offers/\(id)/withdraw", [("csrf", page.csrf ?? ""), ("reason", "the applicant asked by phone")])
            #expect(done.status == .seeOther && done.headers[.location] == "/offers/\(id)?done=withdrawn")
            #expect(try fixture.database.offer(publicID: id)?.withdrawnAt == fixture.now)
            let after = try await visitor.get("/offers/\(id)?done=withdrawn")
            #expect(after.body.contains("The withdrawal was recorded.") && after.body.contains("the applicant asked by phone"))
            let injected = try await visitor.get("/offers/\(id)?done=%3Cscript%3E")
            #expect(!injected.body.contains("<script>") && !injected.body.contains("id=\"notice\""))
        }
    }

    @Test func theReadOnlyPageOfServeMakesNoCorrection() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application(readOnly: true).test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            let page = try await visitor.get("/offers/\(id)")
            #expect(page.body.contains("only reads") && !page.body.contains("action=\"/offers/\(id)/withdraw\""))
            let refused = try await visitor.post("/offers/\(id)/withdraw", [("csrf", page.csrf ?? ""), ("reason", "x")])
            #expect(refused.status == .forbidden)
            #expect(try fixture.database.offer(publicID: id)?.withdrawnAt == nil)
        }
    }

    @Test func aLogoutEndsTheSession() async throws {
        let fixture = try WebFixture()
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            let overview = try await visitor.get("/")
            let stolen = visitor.cookies
            let out = try await visitor.post("/logout", [("csrf", overview.csrf ?? "")])
            #expect(out.status == .seeOther)
            visitor.cookies = stolen
            #expect(try await visitor.get("/").status == .seeOther, "the old cookie no longer opens anything")
        }
    }
}
