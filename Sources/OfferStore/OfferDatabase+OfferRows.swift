public import GRDB

extension OfferDatabase {
    /// Everything the register holds about one offer, read in one snapshot: what a view of the
    /// offer (`show`, the web page) is built from.
    public struct OfferRows: Sendable {
        public var offer: OfferRecord
        /// Oldest first (by INTERNALDATE).
        public var messages: [MessageSummary]
        /// Every document of those messages, by message row, in the order stored.
        public var documents: [Int64: [DocumentRecord]]
        /// The counted documents with their message's INTERNALDATE, oldest first.
        public var counted: [(document: DocumentRecord, internalDate: Int64)]
        public var reviews: [ReviewRecord]
        public var replies: [ReplyRecord]
        public var events: [OfferEventRecord]
        public var corrections: [CorrectionRecord]
        /// Documents whose content retention removed: SHA-256 → when.
        public var purgedContents: [String: Int64]
    }

    public func rows(publicID: String) throws -> OfferRows? {
        try writer.read { db in
            guard let offer = try OfferRecord.withPublicID(publicID).fetchOne(db), let offerID = offer.id else { return nil }
            let messages = try MessageSummary.ofOffer(offerID).fetchAll(db)
            let documents = try DocumentRecord.fetchAll(db, sql: """
                SELECT document.* FROM document JOIN message ON message.id = document.messageId
                WHERE message.offerId = ? ORDER BY document.id
                """, arguments: [offerID])
            let reviews = try ReviewRecord.fetchAll(db, sql: """
                SELECT review.* FROM review JOIN message ON message.id = review.messageId WHERE message.offerId = ? ORDER BY review.id
                """, arguments: [offerID])
            return OfferRows(
                offer: offer, messages: messages, documents: Dictionary(grouping: documents, by: \.messageId),
                counted: try Queries.countedDocuments(db, offerID: offerID), reviews: reviews,
                replies: try ReplyRecord.ofOffer(offerID).fetchAll(db),
                events: try OfferEventRecord.history(offerID: offerID).fetchAll(db),
                corrections: try CorrectionRecord.ofOffer(offerID).fetchAll(db),
                purgedContents: Dictionary(try Row.fetchAll(db, sql: """
                    SELECT DISTINCT blob.sha256 AS sha256, blob.purgedAt AS purgedAt FROM blob JOIN document ON document.sha256 = blob.sha256
                    JOIN message ON message.id = document.messageId WHERE message.offerId = ? AND blob.purgedAt IS NOT NULL
                    """, arguments: [offerID]).map { ($0["sha256"] as String, $0["purgedAt"] as Int64) }) { first, _ in first })
        }
    }
}
