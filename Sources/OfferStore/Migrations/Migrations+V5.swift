import Foundation
import GRDB

extension Migrations {
    // v5 (issue 9): a register ready for corrections by a person (issue 13) and for retention (issue 12).
    // - `correction`: what a person changed and why, append-only like the history: who, when, the
    //   value before and after. The robot's decision stays in its row beside it.
    // - `purgedAt` on `message`, `blob` and `reply`: when retention removed the bytes (a raw message,
    //   a document's content, a reply's text). The row, its SHA-256, size and times stay: the proof.
    // - The history names files only through document rows (which retention may redact): the
    //   `document_replaced` entries written before, with names and hashes in their text, are
    //   rewritten to the rows they meant (`replaced_documents`); an entry whose hashes no longer
    //   match a row of its offer keeps its text. The append-only trigger is lifted for this only.
    /// Shipped: never edit (a new migration changes the schema).
    static func v5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE correction (
                id INTEGER PRIMARY KEY,
                offerId INTEGER REFERENCES offer(id),
                messageId INTEGER REFERENCES message(id),
                documentId INTEGER REFERENCES document(id),
                kind TEXT NOT NULL CHECK (kind IN ('reclassify', 'merge', 'withdraw', 'answered', 'deadline')),
                before TEXT,
                after TEXT,
                reason TEXT NOT NULL CHECK (length(reason) > 0),
                decidedBy TEXT NOT NULL,
                at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX correction_offerId ON correction(offerId);
            CREATE INDEX correction_documentId ON correction(documentId);
            CREATE TRIGGER correction_noUpdate BEFORE UPDATE ON correction
                BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;
            CREATE TRIGGER correction_noDelete BEFORE DELETE ON correction
                BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;

            ALTER TABLE message ADD COLUMN purgedAt INTEGER;
            ALTER TABLE blob ADD COLUMN purgedAt INTEGER;
            ALTER TABLE reply ADD COLUMN purgedAt INTEGER;
            CREATE INDEX document_sha256 ON document(sha256);
            """)
        try v5NameReplacedDocumentsByRow(db)
    }

    private static func v5NameReplacedDocumentsByRow(_ db: Database) throws {
        let events = try Row.fetchAll(db, sql: """
            SELECT id, offerId, messageId, json_extract(detail, '$.replaced') AS replaced FROM offerEvent
            WHERE kind = 'document_replaced' AND json_extract(detail, '$.replaced') IS NOT NULL
            """)
        guard !events.isEmpty else { return }
        // `name (sha256 HEX), name (sha256 HEX)`: a name may hold commas and brackets, the hash never does.
        let entry = try NSRegularExpression(pattern: "(?:^|, )(.*?) \\(sha256 ([0-9a-f]{64})\\)(?=, |$)",
                                            options: [.dotMatchesLineSeparators])
        try db.execute(sql: "DROP TRIGGER offerEvent_noUpdate")
        for event in events {
            let text: String = event["replaced"]
            let named = entry.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match -> (String, String)? in
                guard let name = Range(match.range(at: 1), in: text), let hash = Range(match.range(at: 2), in: text) else { return nil }
                return (String(text[name]), String(text[hash]))
            }
            var rows: [Int64] = []
            for (name, sha256) in named {
                // The replaced row: that file, by name and hash, in a counted message of the same offer (its
                // own message too: a message stored after a later-received one is replaced at once).
                let chosen = "[" + rows.map(String.init).joined(separator: ",") + "]"
                if let row = try Int64.fetchOne(db, sql: """
                    SELECT document.id FROM document JOIN message ON message.id = document.messageId
                    WHERE message.offerId = ? AND message.counted = 1 AND document.sha256 = ?
                      AND coalesce(document.filename, '(unnamed)') = ? AND document.id NOT IN (SELECT value FROM json_each(?))
                    ORDER BY document.id LIMIT 1
                    """, arguments: [event["offerId"], sha256, name, chosen]) {
                    rows.append(row)
                }
            }
            // Only when the rows name exactly what the entry says, every file of it: else it keeps its text.
            let rendered = named.map { "\($0.0) (sha256 \($0.1))" }.joined(separator: ", ")
            guard !named.isEmpty, rows.count == named.count, rendered == text else { continue }
            try db.execute(sql: "UPDATE offerEvent SET detail = json_object('replaced_documents', json(?)) WHERE id = ?",
                           arguments: ["[" + rows.map(String.init).joined(separator: ",") + "]", event["id"]])
        }
        try db.execute(sql: """
            CREATE TRIGGER offerEvent_noUpdate BEFORE UPDATE ON offerEvent
                BEGIN SELECT RAISE(ABORT, 'offerEvent is append-only'); END;
            """)
    }
}
