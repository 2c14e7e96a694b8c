import Foundation
import GRDB
import OfferCore
@testable import OfferStore
import Testing

/// Migration v8: the history and the corrections stay append-only; retention may redact their
/// free text once, and nothing else.
@Suite struct SchemaV8Tests {
    static func register() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO offer (id, publicID, applicantAddress, status, firstReceivedAt, receivedAt, createdAt, updatedAt)
                    VALUES (1, 'ASTON-2022-0001', 'awa@example.org', 'incomplete', 100, 100, 1, 1);
                INSERT INTO offerEvent (id, offerId, at, kind, detail) VALUES (1, 1, 100, 'message_held', '{"reason":"from Awa Diallo"}');
                INSERT INTO correction (id, offerId, kind, before, after, reason, decidedBy, at)
                    VALUES (1, 1, 'withdraw', NULL, NULL, 'Awa phoned', 'clerk', 200);
                """)
        }
        return queue
    }

    @Test func onlyOneRedactionOfTheFreeTextIsAllowed() throws {
        let queue = try Self.register()
        for change in ["UPDATE offerEvent SET kind = 'created'", "UPDATE offerEvent SET detail = '{}'",
                       "UPDATE offerEvent SET detail = '{\"from\":\"late\",\"to\":\"accepted\"}', redactedAt = 5",
                       "UPDATE correction SET reason = 'anything else', redactedAt = 5",
                       "UPDATE offerEvent SET at = 1, redactedAt = 5", "DELETE FROM offerEvent",
                       "UPDATE correction SET reason = 'x'", "UPDATE correction SET decidedBy = 'x', redactedAt = 5", "DELETE FROM correction"] {
            #expect(throws: DatabaseError.self, "\(change)") { try queue.write { try $0.execute(sql: change) } }
        }
        try queue.write { db in
            try db.execute(sql: "UPDATE offerEvent SET detail = json_remove(detail, '$.reason'), redactedAt = 5")
            try db.execute(sql: "UPDATE correction SET reason = '(removed by retention)', redactedAt = 5")
        }
        #expect(try queue.read { try String.fetchOne($0, sql: "SELECT detail FROM offerEvent") } == "{}")
        #expect(throws: DatabaseError.self, "a second redaction") {
            try queue.write { try $0.execute(sql: "UPDATE offerEvent SET detail = '{\"x\":1}', redactedAt = 6") }
        }
    }
}
