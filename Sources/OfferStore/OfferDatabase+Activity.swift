public import GRDB
public import OfferCore

extension OfferDatabase {
    /// Appends entries that record who looked at an offer (a document opened, the export
    /// downloaded): the only write a read-only view of the register makes.
    public func recordAccess(_ entries: [(offerID: Int64, event: OfferEvent)], at time: Int64) throws {
        guard !entries.isEmpty else { return }
        try writer.write { db in
            for (offerID, event) in entries {
                var row = OfferEventRecord(offerId: offerID, at: time, kind: event.kind, messageId: nil, detail: event.detail)
                try row.insert(db)
            }
        }
    }

    /// Notes that a pass over the mailbox succeeded (the row is created for a mailbox never stored into).
    public func markFetched(mailboxKey: String, at time: Int64) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO mailbox (key, uidValidity, highestUID, updatedAt, lastFetchAt) VALUES (?, NULL, 0, ?, ?)
                ON CONFLICT(key) DO UPDATE SET lastFetchAt = excluded.lastFetchAt
                """, arguments: [mailboxKey, time, time])
        }
    }

    /// Every mailbox the register has read, by key.
    public func mailboxes() throws -> [MailboxRecord] {
        try writer.read { db in try MailboxRecord.order(Column("key")).fetchAll(db) }
    }

    /// Replies by state (queued, sent, failed).
    public func replyCounts() throws -> [ReplyRecord.State: Int] {
        try writer.read { db in
            var counts: [ReplyRecord.State: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM reply GROUP BY state") {
                if let state = ReplyRecord.State(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// One document row and the offer its message belongs to (nil: no such row, or not an offer's).
    public func document(id: Int64) throws -> (document: DocumentRecord, offerID: Int64)? {
        try writer.read { db in
            guard let document = try DocumentRecord.fetchOne(db, key: id),
                  let offerID = try Int64.fetchOne(db, sql: "SELECT offerId FROM message WHERE id = ?", arguments: [document.messageId])
            else { return nil }
            return (document, offerID)
        }
    }
}

extension OfferDatabase {
    /// A value that changes whenever anything a view of the register shows changes: the history
    /// (every change to an offer writes an entry; who looked at what does not count), the offers'
    /// own times, the corrections, and the replies' states (what a view shows of a reply: its
    /// sending time changes with its state). Every part is read from an index or a row id: the
    /// stamp costs well under a millisecond on a register of thousands of offers. A page keeps
    /// what it computed for one stamp until it changes.
    public func registerStamp() throws -> [Int64] {
        try writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT ifnull((SELECT id FROM offerEvent WHERE kind NOT IN (?, ?, ?) ORDER BY id DESC LIMIT 1), 0), (SELECT count(*) FROM offer),
                       (SELECT ifnull(max(updatedAt), 0) FROM offer), (SELECT count(*) FROM correction),
                       (SELECT count(*) FROM reply), (SELECT count(*) FROM reply WHERE state = ?),
                       (SELECT count(*) FROM reply WHERE state = ?), (SELECT ifnull(max(id), 0) FROM reply),
                       (SELECT ifnull(max(id), 0) FROM review), (SELECT count(*) FROM review WHERE decision IS NULL)
                """, arguments: [OfferEventKind.documentAccessed, OfferEventKind.documentsExported, OfferEventKind.registerOpened,
                                 ReplyRecord.State.sent, ReplyRecord.State.failed])
            return (0..<10).map { row?[$0] ?? 0 }
        }
    }

    /// The deadline in force (the latest the daemon recorded), nil before the daemon first ran.
    public func deadlineInForce() throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT deadline FROM deadline ORDER BY id DESC LIMIT 1") }
    }
}
