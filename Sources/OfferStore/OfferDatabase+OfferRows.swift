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
                corrections: try CorrectionRecord.ofOffer(offerID).fetchAll(db))
        }
    }
}
