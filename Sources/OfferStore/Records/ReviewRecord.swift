public import GRDB
public import OfferCore

/// A message set aside for a person, and that person's decision.
public struct ReviewRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "review"

    public typealias Kind = ReviewKind
    public typealias Decision = ReviewDecision

    public var id: Int64?
    public var messageId: Int64
    public var kind: Kind
    public var reason: String
    public var openedAt: Int64
    public var decision: Decision?
    /// The login user (or web user) who decided.
    public var decidedBy: String?
    public var decidedAt: Int64?
    /// Why they decided so.
    public var note: String?

    public init(messageId: Int64, kind: Kind, reason: String, openedAt: Int64) {
        self.messageId = messageId
        self.kind = kind
        self.reason = reason
        self.openedAt = openedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The message's review still waiting for a decision (at most one: a partial unique index).
    static func open(messageID: Int64) -> QueryInterfaceRequest<ReviewRecord> {
        filter(Column(CodingKeys.messageId) == messageID && Column(CodingKeys.decision) == nil)
    }

    /// Reviews in the order opened; only those still waiting unless `includeDecided`.
    static func inOrder(includeDecided: Bool) -> QueryInterfaceRequest<ReviewRecord> {
        let all = order(Column(CodingKeys.id))
        return includeDecided ? all : all.filter(Column(CodingKeys.decision) == nil)
    }
}
