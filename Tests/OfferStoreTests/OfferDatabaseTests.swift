import Foundation
import OfferCore
import GRDB
import OfferStore
import Testing

@Suite struct OfferDatabaseTests {
    static func message(_ digest: String, internalDate: Int64 = 1_655_720_000, offerID: Int64? = nil) -> MessageRecord {
        MessageRecord(messageID: "\(digest)@example.org", contentDigest: digest, sha256: "sha-\(digest)",
                      raw: Data("Subject: \(digest)\r\n\r\nbody".utf8), internalDate: internalDate, storedAt: internalDate + 5,
                      fromAddress: "awa@example.org", fromName: "Awa", subject: digest, category: .offer,
                      offerId: offerID, counted: true, late: false, replyDecision: "reply: acknowledgment", defects: [])
    }

    static func offer(_ address: String = "awa@example.org") -> OfferRecord {
        OfferRecord(id: nil, publicID: "ASTON-2022-0001", applicantAddress: address, applicantName: "Awa", status: .incomplete,
                    firstReceivedAt: 1, receivedAt: 1, attention: nil, createdAt: 1, updatedAt: 1)
    }

    /// One stored message per digest, each with an acknowledgment queued at time 100; the reply ids.
    static func queuedReplies(_ digests: [String], in database: OfferDatabase) throws -> [Int64] {
        try database.ingest { tx -> [Int64] in
            try digests.map { digest in
                let message = try tx.insert(Self.message(digest))
                return try tx.queue(ReplyRecord(messageId: message.id!, offerId: nil, kind: .acknowledgment,
                                                recipient: "awa@example.org", rfc822MessageID: "r-\(digest)@offerbox",
                                                bytes: Data("x".utf8), createdAt: 100)).id!
            }
        }
    }

    @Test func offerNumbersComeFromASequenceAndAreNeverIssuedTwice() throws {
        let database = try OfferDatabase.inMemory()
        let first = try database.ingest { tx in try tx.nextOfferNumber() }
        // A number taken in a transaction that rolls back is given again; one that commits, never.
        _ = try? database.ingest { tx -> Int in
            _ = try tx.nextOfferNumber()
            throw DatabaseError(message: "rolled back")
        }
        let second = try database.ingest { tx in try tx.nextOfferNumber() }
        let third = try database.ingest { tx in try tx.nextOfferNumber() }
        let numbers: [Int] = [first, second, third]
        #expect(numbers == [1, 2, 3], "counting rows would give 1 each time: no offer was inserted")
    }

    @Test func aMessageCanNeverGetTwoReplies() throws {
        // Given a stored message with a queued reply
        let database = try OfferDatabase.inMemory()
        let messageID = try database.ingest { tx in try tx.insert(Self.message("a")).id! }
        try database.ingest { tx in
            _ = try tx.queue(ReplyRecord(messageId: messageID, offerId: nil, kind: .acknowledgment, recipient: "awa@example.org",
                                         rfc822MessageID: "r1@offerbox", bytes: Data(), createdAt: 10))
        }
        // When a second reply is queued for it, the schema refuses
        #expect(throws: DatabaseError.self) {
            try database.ingest { tx in
                _ = try tx.queue(ReplyRecord(messageId: messageID, offerId: nil, kind: .acknowledgment, recipient: "awa@example.org",
                                             rfc822MessageID: "r2@offerbox", bytes: Data(), createdAt: 11))
            }
        }
        #expect(try database.counts()["reply"] == 1)
    }

    @Test func aFailedTransactionLeavesNothingBehind() throws {
        let database = try OfferDatabase.inMemory()
        struct Crash: Error {}
        #expect(throws: Crash.self) {
            try database.ingest { tx in
                _ = try tx.insert(Self.message("a"))
                throw Crash()
            }
        }
        #expect(try database.counts()["message"] == 0)
    }

    @Test func theSameCopyCannotBeStoredTwice() throws {
        let database = try OfferDatabase.inMemory()
        try database.ingest { tx in
            let mailbox = try tx.mailbox(key: "secretariat@imaps://mail/INBOX", now: 1)
            let message = try tx.insert(Self.message("a"))
            _ = try tx.addLocation(messageID: message.id!, mailboxID: mailbox.id!, uidValidity: 7, uid: 1, internalDate: 1)
            let same = try tx.location(mailboxID: mailbox.id!, uidValidity: 7, uid: 1)?.messageId
            let other = try tx.location(mailboxID: mailbox.id!, uidValidity: 8, uid: 1)
            #expect(same == message.id)
            #expect(other == nil)
        }
        #expect(throws: DatabaseError.self) {
            try database.ingest { tx in
                let mailbox = try tx.mailbox(key: "secretariat@imaps://mail/INBOX", now: 1)
                let message = try tx.insert(Self.message("b"))
                _ = try tx.addLocation(messageID: message.id!, mailboxID: mailbox.id!, uidValidity: 7, uid: 1, internalDate: 1)
            }
        }
        // The content digest is unique too: the same message is one row, with a location per mailbox.
        #expect(throws: DatabaseError.self) { try database.ingest { tx in _ = try tx.insert(Self.message("a")) } }
    }

    @Test func theEventLogIsAppendOnly() throws {
        let queue = try DatabaseQueue()
        let database = try OfferDatabase(queue)
        let offerID = try database.ingest { tx in
            let offer = try tx.insert(Self.offer())
            try tx.appendEvent(offerID: offer.id!, at: 1, kind: .created, messageID: nil)
            return offer.id!
        }
        // The typed API cannot write a bad detail; the schema refuses one written any other way.
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO offerEvent (offerId, at, kind, detail) VALUES (?, 2, 'status_changed', 'not json')",
                                             arguments: [offerID]) }
        }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE offerEvent SET kind = 'late_message'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM offerEvent") } }
        let events = try database.events(offerID: offerID)
        #expect(events.map(\.kind) == [.created])
    }

    @Test func offerAddressesAreStoredLowercasedOnly() throws {
        let database = try OfferDatabase.inMemory()
        #expect(throws: DatabaseError.self) { try database.ingest { tx in _ = try tx.insert(Self.offer("Awa@Example.org")) } }
        try database.ingest { tx in _ = try tx.insert(Self.offer()) }
        let found = try database.ingest { tx in try tx.offer(applicantAddress: "AWA@example.org")?.publicID }
        #expect(found == "ASTON-2022-0001")
    }

    @Test func identicalFilesAreStoredOnce() throws {
        let database = try OfferDatabase.inMemory()
        try database.ingest { tx in
            let first = try tx.insert(Self.message("a"))
            let second = try tx.insert(Self.message("b"))
            for message in [first, second] {
                _ = try tx.insert(DocumentRecord(messageId: message.id!, partPath: "2", filename: "CV.pdf", archive: nil, kind: .cv,
                                                 confidence: 0.9, reasons: [], sha256: "cafe", size: 3, language: "en",
                                                 hasText: true, financial: nil), bytes: [1, 2, 3])
            }
        }
        let counts = try database.counts()
        #expect(counts["document"] == 2)
        #expect(counts["blob"] == 1)
        #expect(try database.documentBytes(sha256: "cafe") == .stored(Data([1, 2, 3])))
    }

    @Test func anUnconfirmedReplyWaitsForItsCopyOrForTheWaitToRunOut() throws {
        let database = try OfferDatabase.inMemory()
        let ids = try Self.queuedReplies(["a", "b", "c"], in: database)
        #expect(try database.markRepliesUnconfirmed([ids[0], ids[1]], at: 1_000) == (0, 2))
        #expect(try database.unconfirmedReplyCount() == 2)
        // Not due while waiting; the third, never in doubt, is.
        #expect(try database.dueReplies(now: 1_100, confirmationWait: 600).map(\.id) == [ids[2]])
        // The copy of the first arrives; the copy of a reply never in doubt confirms nothing.
        let confirmed = try database.ingest { tx in
            [try tx.confirmReplyCopy(messageID: "r-a@offerbox", at: 1_200),
             try tx.confirmReplyCopy(messageID: "r-c@offerbox", at: 1_200),
             try tx.confirmReplyCopy(messageID: "r-a@offerbox", at: 1_200)]
        }
        #expect(confirmed == [true, false, false])
        #expect(try database.unconfirmedReplyCount() == 1)
        // The second's wait runs out: due again, to be sent once more.
        #expect(try database.dueReplies(now: 1_600, confirmationWait: 600).map(\.id) == [ids[1], ids[2]])
    }

    @Test func aReplyWhoseCopyWasStoredBeforeTheJournalWasReadIsSentAtOnce() throws {
        let database = try OfferDatabase.inMemory()
        let ids = try Self.queuedReplies(["a", "b"], in: database)
        // The copy of the reply to "a" came in first (its Message-ID is the reply's).
        try database.ingest { tx in
            var copy = Self.message("copy")
            copy.messageID = "r-a@offerbox"
            _ = try tx.insert(copy)
        }
        #expect(try database.markRepliesUnconfirmed(ids, at: 1_000) == (1, 1))
        #expect(try database.dueReplies(now: 1_100, confirmationWait: 600).isEmpty)
        #expect(try database.unconfirmedReplyCount() == 1)
    }

    @Test func repliesMoveFromQueuedToSentOrFailed() throws {
        let database = try OfferDatabase.inMemory()
        let ids = try Self.queuedReplies(["a", "b", "c"], in: database)
        #expect(try database.dueReplies(now: 99).isEmpty)
        #expect(try database.dueReplies(now: 100).map(\.id) == ids)
        try database.markReplySent(ids[0], at: 101)
        try database.markReplyAttemptFailed(ids[1], error: "451 try later", nextAttemptAt: 200)
        try database.markReplyAttemptFailed(ids[2], error: "550 no such user", nextAttemptAt: nil)
        #expect(try database.dueReplies(now: 150).isEmpty)
        #expect(try database.dueReplies(now: 200).map(\.id) == [ids[1]])
        let counts = try database.counts()
        #expect(counts["reply.sent"] == 1)
        #expect(counts["reply.queued"] == 1)
        #expect(counts["reply.failed"] == 1)
        let sentToday = try database.ingest { tx in try tx.replyCount(recipient: "AWA@example.org", since: 0) }
        #expect(sentToday == 3)
    }

    @Test func countedDocumentsComeInReceiptOrder() throws {
        let database = try OfferDatabase.inMemory()
        let offerID = try database.ingest { tx -> Int64 in
            let offer = try tx.insert(Self.offer())
            let later = try tx.insert(Self.message("later", internalDate: 200, offerID: offer.id))
            var uncounted = Self.message("late", internalDate: 300, offerID: offer.id)
            uncounted.counted = false
            let late = try tx.insert(uncounted)
            let earlier = try tx.insert(Self.message("earlier", internalDate: 100, offerID: offer.id))
            for (message, name) in [(later, "v2.pdf"), (late, "v3.pdf"), (earlier, "v1.pdf")] {
                _ = try tx.insert(DocumentRecord(messageId: message.id!, partPath: "2", filename: name, archive: nil, kind: .cv,
                                                 confidence: 0.9, reasons: [], sha256: name, size: 1, language: nil,
                                                 hasText: false, financial: nil), bytes: [0])
            }
            return offer.id!
        }
        let names = try database.ingest { tx in try tx.countedDocuments(offerID: offerID).map(\.document.filename) }
        #expect(names == ["v1.pdf", "v2.pdf"])
    }

    @Test func anOnDiskDatabaseIsWALAndReadableByItsOwnerOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("offers.sqlite").path
        let database = try OfferDatabase.open(path: path)
        try database.ingest { tx in _ = try tx.insert(Self.message("a")) }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + suffix)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "\(suffix)")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        // Reopening migrates nothing and keeps the data.
        let reopened = try OfferDatabase.open(path: path)
        #expect(try reopened.counts()["message"] == 1)
    }
}
