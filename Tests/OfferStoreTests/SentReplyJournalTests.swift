import Foundation
import OfferStore
import Testing

@Suite struct SentReplyJournalTests {
    static func scratchPath() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("offers.sqlite.sent-replies").path)
    }

    @Test func acceptedIdsSurviveReopeningUntilCleared() throws {
        let (directory, path) = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let journal = try SentReplyJournal(path: path)
            try journal.recordAccepted(7)
            try journal.recordAccepted(42)
        }
        // A new process (the restart after a crash) reads what the old one recorded.
        let reopened = try SentReplyJournal(path: path)
        #expect(try reopened.pending() == [7, 42])
        try reopened.clear()
        #expect(try reopened.pending().isEmpty)
        try reopened.recordAccepted(43)
        #expect(try SentReplyJournal(path: path).pending() == [43])
    }

    @Test func aReplySentUpToItsFinalDotWithNoAnswerIsUnanswered() throws {
        let (directory, path) = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try SentReplyJournal(path: path)
        try journal.recordDataSent(1)   // then 250: sent
        try journal.recordAccepted(1)
        try journal.recordDataSent(2)   // then 451 or 550: answered, not taken
        try journal.recordAnswered(2)
        try journal.recordDataSent(3)   // then the crash
        try journal.recordDataSent(3)
        let entries = try SentReplyJournal(path: path).entries()
        #expect(entries.accepted == [1])
        #expect(entries.unanswered == [3])
        // A torn "d" line is no claim at all.
        try Data("d4\nd5".utf8).write(to: URL(fileURLWithPath: path))
        let torn = try SentReplyJournal(path: path).entries()
        #expect(torn.accepted.isEmpty)
        #expect(torn.unanswered == [4])
    }

    @Test func aLineCutByACrashIsIgnored() throws {
        let (directory, path) = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("12\n13\n14".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SentReplyJournal(path: path).pending() == [12, 13])
    }

    @Test func theJournalIsReadableByItsOwnerOnly() throws {
        let (directory, path) = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try SentReplyJournal(path: path)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions.map { $0 & 0o777 } == 0o600)
    }

    @Test func journaledRepliesAreMarkedSentWithoutTouchingFinishedOnes() throws {
        let database = try OfferDatabase.inMemory()
        let ids = try OfferDatabaseTests.queuedReplies(["a", "b", "c"], in: database)
        try database.markReplySent(ids[1], at: 150)
        try database.markRepliesSent([ids[0], ids[1]], at: 300)
        #expect(try database.dueReplies(now: 400).map(\.id) == [ids[2]])
        let counts = try database.counts()
        #expect(counts["reply.sent"] == 2)
        #expect(counts["reply.queued"] == 1)
    }
}
