import GRDB

/// Reads and writes shared by the write transaction and the read side.
enum Queries {
    /// Marks sent the replies `condition` selects, clearing any error and wait; `countingAttempt`
    /// when this process sent it (its 250 read now or journaled before a crash), not when a copy
    /// proves it went. Returns how many rows changed.
    static func markRepliesSent(_ db: Database, at time: Int64, countingAttempt: Bool,
                                where condition: String, _ arguments: StatementArguments) throws -> Int {
        try db.execute(sql: """
            UPDATE reply SET state = ?, sentAt = ?, \(countingAttempt ? "attempts = attempts + 1, " : "")lastError = NULL,
            unconfirmedSince = NULL WHERE \(condition)
            """, arguments: [ReplyRecord.State.sent, time] + arguments)
        return db.changesCount
    }

    static func countedDocuments(_ db: Database, offerID: Int64) throws -> [(document: DocumentRecord, internalDate: Int64)] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT document.*, message.internalDate AS messageInternalDate FROM document
            JOIN message ON message.id = document.messageId
            WHERE message.offerId = ? AND message.counted = 1
            ORDER BY message.internalDate, document.id
            """, arguments: [offerID])
        return try rows.map { (try DocumentRecord(row: $0), $0["messageInternalDate"]) }
    }
}
