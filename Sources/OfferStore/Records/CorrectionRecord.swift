public import GRDB

/// A change a person made to what the robot decided, kept beside it (append-only): who, when,
/// why, the value before and after. The row it corrects is never rewritten.
public struct CorrectionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "correction"

    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
        /// A document's kind (`before`/`after` hold kinds; `after` nil: not a document).
        case reclassify
        /// Two addresses, one applicant: `offerId` absorbs the offer in `before`.
        case merge
        /// The applicant asked to withdraw the offer.
        case withdraw
        /// A question answered by a person.
        case answered
        /// The call's deadline moved (`before`/`after`: seconds since 1970).
        case deadline
    }

    public var id: Int64?
    public var offerId: Int64?
    public var messageId: Int64?
    public var documentId: Int64?
    public var kind: Kind
    public var before: String?
    public var after: String?
    public var reason: String
    /// The login user (or web user) who decided.
    public var decidedBy: String
    public var at: Int64
    /// When retention redacted the reason (schema v8).
    public var redactedAt: Int64? = nil

    public init(offerId: Int64?, messageId: Int64? = nil, documentId: Int64? = nil, kind: Kind, before: String?, after: String?,
                reason: String, decidedBy: String, at time: Int64) {
        self.offerId = offerId
        self.messageId = messageId
        self.documentId = documentId
        self.kind = kind
        self.before = before
        self.after = after
        self.reason = reason
        self.decidedBy = decidedBy
        self.at = time
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension CorrectionRecord {
    static func ofOffer(_ offerID: Int64) -> QueryInterfaceRequest<CorrectionRecord> {
        filter(Column(CodingKeys.offerId) == offerID).order(Column(CodingKeys.id))
    }
}

extension CorrectionRecord {
    /// A document's reclassifications, latest first.
    static func reclassifications(documentID: Int64) -> QueryInterfaceRequest<CorrectionRecord> {
        filter(Column(CodingKeys.documentId) == documentID && Column(CodingKeys.kind) == Kind.reclassify).order(Column(CodingKeys.id).desc)
    }
}
