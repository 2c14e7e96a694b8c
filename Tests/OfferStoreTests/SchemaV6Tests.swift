import Foundation
import GRDB
import OfferCore
@testable import OfferStore
import Testing

/// Migration v6: a reply answers a message or a person's correction, never both, once each.
@Suite struct SchemaV6Tests {
    @Test func repliesSurviveTheRebuildAndStayOnePerMessageAndPerCorrection() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v5")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO offer (id, publicID, applicantAddress, status, firstReceivedAt, receivedAt, createdAt, updatedAt)
                    VALUES (1, 'ASTON-2022-0001', 'awa@example.org', 'incomplete', 100, 100, 1, 1);
                INSERT INTO message (id, contentDigest, sha256, size, raw, internalDate, storedAt, category, offerId, counted, replyDecision)
                    VALUES (1, 'd1', 'm1', 1, x'00', 100, 1, 'offer', 1, 1, '');
                INSERT INTO reply (id, messageId, offerId, kind, recipient, rfc822MessageID, bytes, state, attempts, nextAttemptAt, createdAt, sentAt)
                    VALUES (7, 1, 1, 'incomplete', 'awa@example.org', 'r1@offerbox', x'41', 'sent', 1, 100, 100, 101);
                INSERT INTO review (id, messageId, kind, reason, openedAt, decision, decidedBy, decidedAt, note)
                    VALUES (3, 1, 'held', 'dmarc=fail', 150, 'released', 'clerk', 160, 'phoned her');
                INSERT INTO correction (id, offerId, kind, before, after, reason, decidedBy, at)
                    VALUES (1, 1, 'reclassify', 'other', 'cv', 'the scan is the CV', 'clerk', 200);
                """)
        }
        let database = try OfferDatabase(queue)
        let kept = try #require(try database.replies(offerID: 1).first)
        #expect((kept.id, kept.messageId, kept.state, kept.sentAt, kept.bytes) == (7, 1, .sent, 101, Data("A".utf8)))
        try database.ingest { tx in
            _ = try tx.queue(ReplyRecord(correctionId: 1, offerId: 1, kind: .acknowledgment, recipient: "awa@example.org",
                                         rfc822MessageID: "c1@offerbox", bytes: Data("B".utf8), createdAt: 200))
        }
        #expect(try database.replies(offerID: 1).map(\.correctionId) == [nil, 1])
        for duplicate in [
            ReplyRecord(messageId: 1, offerId: 1, kind: .late, recipient: "awa@example.org", rfc822MessageID: "r2@offerbox", bytes: Data(), createdAt: 300),
            ReplyRecord(correctionId: 1, offerId: 1, kind: .late, recipient: "awa@example.org", rfc822MessageID: "c2@offerbox", bytes: Data(), createdAt: 300),
        ] {
            #expect(throws: DatabaseError.self) { try database.ingest { tx in _ = try tx.queue(duplicate) } }
        }
        let review = try #require(try database.reviews(includeDecided: true).first?.review)
        #expect((review.id, review.decision, review.note) == (3, .released, "phoned her"), "reviews survive the rebuild")
        // A reply answers exactly one thing.
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE reply SET correctionId = 1 WHERE id = 7") }
        }
    }
}
