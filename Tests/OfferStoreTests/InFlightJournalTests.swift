import Foundation
import OfferStore
import Testing

@Suite struct InFlightJournalTests {
    static func path() -> String { NSTemporaryDirectory() + "/offerbox-in-flight-\(UUID().uuidString)" }

    @Test func messagesBegunAndNotEndedAreTheOnesInHandAtADeath() throws {
        let path = Self.path()
        defer { unlink(path) }
        let a = InFlightJournal.Key(mailboxKey: "secretariat@imaps://h/INBOX\tx", uidValidity: 7, uid: 1)
        let b = InFlightJournal.Key(mailboxKey: "partnerships@imaps://h/INBOX", uidValidity: 7, uid: 2)
        do {
            let journal = try InFlightJournal(path: path)
            try journal.begin(a)
            try journal.begin(b)
            try journal.end(a)
        }
        // A torn last line, as a kill in the middle of a write leaves it.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("+7061".utf8))
        try handle.close()
        let reopened = try InFlightJournal(path: path)
        #expect(try reopened.unfinished() == [b])
        #expect(try reopened.unfinished() == [b], "reading does not empty it")
        #expect(throws: StoreFileError.self, "a second intake on the same store is refused") { try InFlightJournal(path: path) }
        try reopened.clear()
        #expect(try reopened.unfinished().isEmpty)
    }

    @Test func deathsAreCountedPerMessage() throws {
        let database = try OfferDatabase.inMemory()
        let a = InFlightJournal.Key(mailboxKey: "m", uidValidity: 1, uid: 1)
        let b = InFlightJournal.Key(mailboxKey: "m", uidValidity: 1, uid: 2)
        _ = try database.recordDeaths([a, b], at: 10)
        let counts = try database.recordDeaths([a], at: 20)
        #expect(counts[a] == 2)
        #expect(try database.deaths(a) == 2)
        #expect(try database.deaths(b) == 1)
        #expect(try database.deaths(.init(mailboxKey: "m", uidValidity: 2, uid: 1)) == 0)
    }
}
