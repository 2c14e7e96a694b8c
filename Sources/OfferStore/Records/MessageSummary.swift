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
