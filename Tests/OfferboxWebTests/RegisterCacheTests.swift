import OfferCore
import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Testing

/// The page's entries are computed again exactly when the register changed.
@Suite struct RegisterCacheTests {
    @Test func whoLookedChangesNothingWhatChangedIsSeenAtOnce() throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: Array(WebFixture.allFour.prefix(3)), uid: 1)
        let site = try fixture.site()
        #expect(try site.entries().map(\.status) == [.incomplete])
        let stamp = try fixture.database.registerStamp()
        let offer = try #require(try fixture.database.offer(publicID: id))
        try fixture.database.recordAccess([(offer.id!, .documentAccessed(.stored(1), by: "sec"))], at: fixture.now)
        #expect(try fixture.database.registerStamp() == stamp, "a download is not a change of the register")
        try fixture.offer(files: ["CV Awa Diallo.pdf"], uid: 2, at: WebFixture.deadline - 1000)
        #expect(try fixture.database.registerStamp() != stamp)
        #expect(try site.entries().map(\.status) == [.accepted], "the second message is seen by the next request")
        _ = try fixture.pipeline.withdraw(offer: id, by: "sec", reason: "asked", now: fixture.now)
        #expect(try site.entries().first?.withdrawnAt == fixture.now, "a correction too")
    }
}
