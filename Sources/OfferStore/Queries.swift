import GRDB

/// Reads shared by the write transaction and the read side.
enum Queries {
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
