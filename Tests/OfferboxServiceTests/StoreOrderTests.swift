import Foundation
import OfferStore
@testable import OfferboxService
import Testing

/// Stores queue behind one another (IntakeBatch): when one fails, none after it may run, since the
/// next pass reads on from the highest UID stored and would never read the failed one again. The
/// real executable and the real Dovecot; a store is made to fail by a file standing where the
/// third message's folder of the store's files must be created.
@Suite(.serialized, .timeLimit(.minutes(3))) struct StoreOrderTests {
    @Test func aFailedStoreStopsTheStoresAfterItAndTheNextPassStoresEveryMessageOnce() async throws {
        let (tag, config, database) = try PoisonMessageTests.newFolder()
        #expect(FileManager.default.isExecutableFile(atPath: PoisonMessageTests.executable), "swift build first")

        // Six offers; the third's file folder (the first two hex digits of its SHA-256) is shared by
        // no other message, so that only its store fails.
        var messages: [[UInt8]] = []
        var nonce = 0
        while messages.count < 6 {
            let candidate = PoisonMessageTests.mail(
                from: "applicant\(messages.count + 1)+\(tag)@example.test", id: "order-\(messages.count)-\(nonce)-\(tag)@x",
                files: [("CV.pdf", Array("%PDF-1.4 CV \(messages.count)".utf8))])
            nonce += 1
            let folder = Self.folder(candidate), folders = messages.map(Self.folder)
            let alone = messages.count < 2 || (messages.count == 2 ? !folders.contains(folder) : folder != folders[2])
            if alone { messages.append(candidate) }
        }
        for (index, raw) in messages.enumerated() {
            try LoopbackMail.deliver(raw, user: "secretariat", folder: tag, receivedAt: 1_655_720_000 + Int64(index) * 60)
        }
        let files = database + ".files"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let blocker = files + "/" + Self.folder(messages[2])
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("not a folder".utf8)))

        let failed = try PoisonMessageTests.start(["run", "--once", "--config", config])
        #expect(try await PoisonMessageTests.waitFor(seconds: 60) { !failed.isRunning })
        #expect(failed.terminationStatus != 0, "the store of the third message failed: the pass fails")
        let opened = try OfferDatabase.open(path: database)
        let stored = Set(try opened.offers().map(\.applicantAddress))
        let first2 = Set((1...2).map { "applicant\($0)+\(tag.lowercased())@example.test" })
        #expect(stored == first2, "the two before it are stored, none after it (stored: \(stored.sorted()))")

        try FileManager.default.removeItem(atPath: blocker)
        let again = try PoisonMessageTests.start(["run", "--once", "--config", config])
        #expect(try await PoisonMessageTests.waitFor(seconds: 60) { !again.isRunning })
        #expect(again.terminationStatus == 0)
        let all = try opened.offers().map(\.applicantAddress).sorted()
        #expect(all == (1...6).map { "applicant\($0)+\(tag.lowercased())@example.test" }.sorted(), "each stored once")
        #expect(try opened.counts()["message"] == 6)
    }

    /// The folder of the store's files that holds this message: the first two hex digits of its SHA-256.
    static func folder(_ raw: [UInt8]) -> String {
        String(Digests.sha256Hex(raw).prefix(2))
    }
}
