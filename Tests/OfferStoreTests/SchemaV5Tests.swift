import Foundation
import GRDB
import OfferCore
@testable import OfferStore
import Testing

/// Migration v5: the history names files by row, corrections are kept beside the robot's
/// decisions, and a document's bytes can be kept without its raw message.
@Suite struct SchemaV5Tests {
    /// A v4 register with one offer, two messages of one CV each, and the history entry v4 wrote
    /// when the second replaced the first (names and hashes in its text).
    static func v4Register() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v4")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO offer (id, publicID, applicantAddress, status, firstReceivedAt, receivedAt, createdAt, updatedAt)
                    VALUES (1, 'ASTON-2022-0001', 'awa@example.org', 'incomplete', 100, 200, 1, 1);
                INSERT INTO message (id, contentDigest, sha256, size, raw, internalDate, storedAt, category, offerId, counted, replyDecision)
                    VALUES (1, 'd1', 'm1', 1, x'00', 100, 1, 'offer', 1, 1, ''), (2, 'd2', 'm2', 1, x'00', 200, 2, 'offer', 1, 1, ''),
                    -- Written before v3: a forged sender's message, linked to the offer.
                           (3, 'd3', 'm3', 1, x'00', 300, 3, 'forged', 1, 0, 'held');
                INSERT INTO blob (sha256, size, bytes) VALUES ('\(String(repeating: "a", count: 64))', 1, x'01'),
                    ('\(String(repeating: "b", count: 64))', 1, x'02');
                INSERT INTO document (id, messageId, partPath, filename, kind, sha256, size)
                    VALUES (1, 1, '2', 'CV, old (v1).pdf', 'cv', '\(String(repeating: "a", count: 64))', 1),
                           (2, 2, '2', 'CV.pdf', 'cv', '\(String(repeating: "b", count: 64))', 1);
                INSERT INTO offerEvent (offerId, at, kind, messageId, detail) VALUES
                    (1, 2, 'document_replaced', 2, '{"replaced":"CV, old (v1).pdf (sha256 \(String(repeating: "a", count: 64)))"}'),
                    (1, 3, 'document_replaced', 2, '{"replaced":"gone.pdf (sha256 \(String(repeating: "c", count: 64)))"}'),
                    (1, 4, 'held_forged_sender', 3, '{}');
                """)
        }
        return queue
    }

    @Test func theOldHistoryNamesReplacedFilesByRowAfterTheMigration() throws {
        let queue = try Self.v4Register()
        let database = try OfferDatabase(queue)
        let events = try database.events(offerID: 1)
        #expect(events.map(\.detail.replacedDocuments) == [[1], nil, nil], "a name and hash that match no row keep their text")
        #expect(events.last?.kind == .heldForgedSender, "entries written before v3 still read")
        #expect(try database.rows(publicID: "ASTON-2022-0001")?.messages.map(\.category) == [.offer, .offer, .forged])
        #expect(events[1].detail.replaced?.hasPrefix("gone.pdf") == true)
        // The history is append-only again once migrated.
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE offerEvent SET at = 9") } }
    }

    @Test func anEntryWhoseNamesTheRowsCannotSpellExactlyKeepsItsText() throws {
        let queue = try Self.v4Register()
        let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64)
        try queue.write { db in
            try db.execute(sql: "UPDATE document SET filename = ? WHERE id = 2", arguments: ["CV\nnew.pdf"])
            // One file the rows know, one whose name holds a line break, one unknown: all or nothing.
            try db.execute(sql: "INSERT INTO offerEvent (offerId, at, kind, messageId, detail) VALUES (1, 5, 'document_replaced', 2, json_object('replaced', ?))",
                           arguments: ["CV, old (v1).pdf (sha256 \(a)), CV\nnew.pdf (sha256 \(b)), lost.pdf (sha256 \(a))"])
            try db.execute(sql: "INSERT INTO offerEvent (offerId, at, kind, messageId, detail) VALUES (1, 6, 'document_replaced', 2, json_object('replaced', ?))",
                           arguments: ["CV\nnew.pdf (sha256 \(b))"])
        }
        let events = try OfferDatabase(queue).events(offerID: 1).filter { $0.at >= 5 }
        #expect(events.map(\.detail.replacedDocuments) == [nil, [2]])
        #expect(events.first?.detail.replaced?.contains("lost.pdf") == true)
    }

    @Test func aCorrectionIsKeptBesideTheDecisionAndNeverChanged() throws {
        let queue = try Self.v4Register()
        let database = try OfferDatabase(queue)
        try database.ingest { tx in
            try tx.record(CorrectionRecord(offerId: 1, documentId: 2, kind: .reclassify, before: DocumentKind.cv.rawValue,
                                           after: DocumentKind.workplan.rawValue, reason: "it is the workplan", decidedBy: "clerk", at: 5))
        }
        let rows = try #require(try database.rows(publicID: "ASTON-2022-0001"))
        #expect(rows.corrections.map(\.after) == ["workplan"])
        #expect(rows.documents[2]?.first?.kind == .cv, "the robot's decision stays in its row")
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM correction") } }
        #expect(throws: DatabaseError.self) {
            try database.ingest { tx in
                try tx.record(CorrectionRecord(offerId: 1, kind: .withdraw, before: nil, after: nil, reason: "", decidedBy: "clerk", at: 6))
            }
        }
    }

    @Test func aDocumentOfAMessagePartCanBeKeptWithoutItsMessage() throws {
        let database = try OfferDatabase.inMemory()
        let raw = Array("Subject: x\r\n\r\nbody".utf8)
        let bytes: [UInt8] = [1, 2, 3]
        try database.ingest { tx in
            var record = MessageRecord(messageID: nil, contentDigest: "d", sha256: "raw", raw: Data(), internalDate: 1, storedAt: 1,
                                       fromAddress: nil, fromName: nil, subject: nil, category: .offer, offerId: nil, counted: false,
                                       late: false, replyDecision: "", defects: [])
            record = try tx.insert(record, raw: raw)
            _ = try tx.insert(DocumentRecord(messageId: record.id!, partPath: "2", filename: "cv.pdf", archive: nil, kind: .cv,
                                             confidence: 1, reasons: [], sha256: "doc", size: 3, language: nil, hasText: false,
                                             financial: nil), bytes: bytes, part: (messageSHA256: "raw", partPath: "2"))
        }
        guard case .messagePart = try database.documentBytes(sha256: "doc") else { Issue.record("found through the message"); return }
        try database.ingest { tx in try tx.keepDocumentBytes(sha256: "doc", bytes: bytes) }
        #expect(try database.documentBytes(sha256: "doc") == .stored(Data(bytes)))
    }
}
