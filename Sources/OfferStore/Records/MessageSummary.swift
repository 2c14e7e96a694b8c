public import GRDB
public import OfferCore

/// A stored message without its raw bytes: what listing an offer needs. Reading ``MessageRecord``
/// instead would load every message of the offer in full (megabytes each) just to show its hash.
/// Read-only, so it can never write an empty `raw` back.
public struct MessageSummary: Decodable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "message"
    public static var databaseSelection: [any SQLSelectable] { [
        Column("id"), Column("messageID"), Column("contentDigest"), Column("sha256"), Column("size"), Column("internalDate"),
        Column("storedAt"), Column("fromAddress"), Column("fromName"), Column("subject"), Column("category"), Column("offerId"),
        Column("counted"), Column("late"), Column("replyDecision"), Column("defects"),
        Column("authentication"), Column("replyToAddress"), Column("purgedAt"),
    ] }
    public var id: Int64?
    public var messageID: String?
    public var contentDigest: String
    public var sha256: String
    public var size: Int64
    public var internalDate: Int64
    public var storedAt: Int64
    public var fromAddress: String?
    public var fromName: String?
    public var subject: String?
    public var category: MessageCategory
    public var offerId: Int64?
    public var counted: Bool
    public var late: Bool
    public var replyDecision: String
    public var defects: [String]
    public var authentication: SenderAuthentication
    public var replyToAddress: String?
    public var purgedAt: Int64?
}

extension MessageSummary {
    public enum Columns {
        public static let id = Column("id")
        public static let messageID = Column("messageID")
        public static let contentDigest = Column("contentDigest")
        public static let internalDate = Column("internalDate")
        public static let offerId = Column("offerId")
    }

    /// An offer's messages, oldest first (by INTERNALDATE); every offer's with nil.
    static func ofOffer(_ offerID: Int64?) -> QueryInterfaceRequest<MessageSummary> {
        let ordered = order(Columns.internalDate, Columns.id)
        return offerID.map { ordered.filter(Columns.offerId == $0) } ?? ordered.filter(Columns.offerId != nil)
    }

    static func withContentDigest(_ digest: String) -> QueryInterfaceRequest<MessageSummary> { filter(Columns.contentDigest == digest) }

    static func withMessageID(_ messageID: String) -> QueryInterfaceRequest<MessageSummary> {
        filter(Columns.messageID == messageID).order(Columns.id)
    }
}
