import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OfferCore
import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Testing

/// The opening record: written once when due, shown and downloadable, and what changes after it is shown against it.
@Suite struct OpeningRecordTests {
    @Test func theRegisterIsOpenedOnceWhenEveryMailboxWasReadThroughAfterTheDeadline() throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        let register = Register(database: fixture.database, configuration: fixture.configuration)
        let key = fixture.configuration.mailboxes[0].key
        #expect(try register.openIfDue(now: WebFixture.deadline - 1, readThrough: [WebFixture.deadline]) == nil, "not before the deadline")
        try fixture.database.markFetched(mailboxKey: key, at: WebFixture.deadline - 5)
        #expect(try register.openIfDue(now: WebFixture.deadline + 60, readThrough: [WebFixture.deadline - 5]) == nil,
                "a mailbox last read before the deadline may still hold an offer sent in time")
        #expect(try register.openIfDue(now: WebFixture.deadline + 90, readThrough: [WebFixture.deadline + 30]) == nil,
                "nor one read within the clocks' margin of it")
        let opening = try #require(try register.openIfDue(now: WebFixture.deadline + 60, readThrough: [WebFixture.deadline + 61]))
        #expect(try register.openIfDue(now: WebFixture.deadline + 120, readThrough: [WebFixture.deadline + 100]) == nil, "once")
        let record = try #require(opening.record)
        #expect(SHA256.hash(data: record).map { String(format: "%02x", $0) }.joined() == opening.sha256)
        let json = try #require(try JSONSerialization.jsonObject(with: record) as? [String: Any])
        let offers = try #require(json["offers"] as? [[String: Any]])
        #expect(offers.count == 1 && offers[0]["id"] as? String == id && opening.documents == 4)
        let documents = try #require(offers[0]["documents"] as? [[String: Any]])
        #expect(documents.compactMap { $0["sha256"] as? String }.count == 4)
        let offer = try #require(try fixture.database.offer(publicID: id))
        #expect(try fixture.database.events(offerID: offer.id!).last.map { ($0.kind, $0.detail.opening) } ?? (.created, nil) == (.registerOpened, opening.sha256))
    }

    @Test func theOverviewShowsTheRecordAndEveryChangeAfterItButNotWhoLooked() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        fixture.move(to: WebFixture.deadline + 60)
        let register = Register(database: fixture.database, configuration: fixture.configuration)
        let opening = try #require(try register.openIfDue(now: WebFixture.deadline + 60, readThrough: [WebFixture.deadline + 61]))
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("com")
            let overview = try await visitor.get("/")
            #expect(overview.body.contains(opening.sha256) && overview.body.contains("None: the register is as it was opened."))
            let download = try await visitor.get("/opening.json")
            #expect(download.status == .ok && download.bytes == Array(opening.record!))
            _ = try await visitor.get("/offers/\(id)/documents/1")
            #expect(try await visitor.get("/").body.contains("None: the register is as it was opened."), "a download changes nothing")

            var secretariat = Visitor(client)
            _ = try await secretariat.login("sec")
            let page = try await secretariat.get("/offers/\(id)")
            _ = try await secretariat.post("/offers/\(id)/withdraw", [("csrf", page.csrf ?? ""), ("reason", "asked by phone")])
            let changed = try await visitor.get("/")
            #expect(changed.body.contains("id=\"changes\"") && changed.body.contains("withdrawn"))
            let offerPage = try await visitor.get("/offers/\(id)")
            #expect(offerPage.body.contains("after the opening"))
        }
    }
}
