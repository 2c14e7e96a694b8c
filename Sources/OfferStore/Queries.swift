import GRDB
import OfferCore

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

    /// A document's kind as the rules see it: the latest kind a person gave it (`correction`,
    /// `reclassify`; NULL `after`: not a document), else what the analysis found.
    static let effectiveKind = """
        CASE WHEN latestCorrection.documentId IS NULL THEN document.kind ELSE latestCorrection.after END
        """

    /// Joins each document to its latest reclassification, if any.
    static let latestCorrectionJoin = """
        LEFT JOIN (SELECT documentId, after FROM correction WHERE id IN
                      (SELECT max(id) FROM correction WHERE kind = 'reclassify' AND documentId IS NOT NULL GROUP BY documentId))
            AS latestCorrection ON latestCorrection.documentId = document.id
        """

    /// The counted documents of `offerID` (every offer's with nil), each with its message's
    /// INTERNALDATE, oldest message first, with the kind a person corrected it to (a file a
    /// person said is not a document is left out).
    static func countedDocumentsByOffer(_ db: Database, offerID: Int64?) throws -> [(offerID: Int64, document: DocumentRecord, internalDate: Int64)] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT document.*, \(effectiveKind) AS effectiveKind, message.internalDate AS messageInternalDate,
                   message.offerId AS messageOfferId
            FROM document JOIN message ON message.id = document.messageId
            \(latestCorrectionJoin)
            WHERE message.counted = 1 AND \(offerID == nil ? "message.offerId IS NOT NULL" : "message.offerId = ?")
              AND (\(effectiveKind)) IS NOT NULL
            ORDER BY message.internalDate, document.id
            """, arguments: StatementArguments(offerID.map { [$0] } ?? []))
        return try rows.map { row in
            var document = try DocumentRecord(row: row)
            let kind: String = row["effectiveKind"]
            guard let effective = DocumentKind(rawValue: kind) else { throw DatabaseError(message: "document kind \(kind) unknown") }
            document.kind = effective
            return (row["messageOfferId"], document, row["messageInternalDate"])
        }
    }

    static func countedDocuments(_ db: Database, offerID: Int64) throws -> [(document: DocumentRecord, internalDate: Int64)] {
        try countedDocumentsByOffer(db, offerID: offerID).map { ($0.document, $0.internalDate) }
    }
}
