public import GRDB

/// One offer: one applicant address, its status as the call's rules decide it.
public struct OfferRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "offer"
    public var id: Int64?
    /// `ASTON-2022-0007`.
    public var publicID: String
    /// Lowercased.
    public var applicantAddress: String
    public var applicantName: String?
    /// `accepted`, `incomplete` or `late`.
    public var status: String
    /// INTERNALDATE of the offer's first message.
    public var firstReceivedAt: Int64
    /// INTERNALDATE of the latest counted message.
    public var receivedAt: Int64
    /// Something a person must look at (a withdrawal, a held forgery), or nil.
    public var attention: String?
    /// The strongest sender check a counted message of this offer passed (``OfferCore/SenderAuthentication`` raw value).
    public var authentication: Int = 0
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: Int64? = nil, publicID: String, applicantAddress: String, applicantName: String?, status: String,
                firstReceivedAt: Int64, receivedAt: Int64, attention: String? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.publicID = publicID
        self.applicantAddress = applicantAddress
        self.applicantName = applicantName
        self.status = status
        self.firstReceivedAt = firstReceivedAt
        self.receivedAt = receivedAt
        self.attention = attention
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An entry of an offer's append-only history (the schema refuses updates and deletes).
public struct OfferEventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "offerEvent"
    public var id: Int64?
    public var offerId: Int64
    public var at: Int64
    /// `created`, `message_counted`, `status_changed`, `document_replaced`, `late_message`, `withdrawal_requested`, ...
    public var kind: String
    public var messageId: Int64?
    /// JSON object.
    public var detail: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
