public import Foundation
public import GRDB
public import OfferCore

/// One distinct message, byte-exact, whatever the mailboxes it was found in.
public struct MessageRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "message"
    public var id: Int64?
    public var messageID: String?
    /// SHA-256 over the sender-written part of the message (see the pipeline), equal for the copies
    /// that reach two Secretariat mailboxes even though each got its own trace headers.
    public var contentDigest: String
    /// SHA-256 of `raw`.
    public var sha256: String
    public var size: Int64
    /// The bytes, or empty when `rawInFile` says they are in ``BlobFiles`` under `sha256`.
    public var raw: Data
    public var rawInFile: Bool = false
    /// IMAP INTERNALDATE of the first copy stored, seconds since 1970.
    public var internalDate: Int64
    public var storedAt: Int64
    public var fromAddress: String?
    public var fromName: String?
    public var subject: String?
    public var category: MessageCategory
    public var offerId: Int64?
    /// Whether its documents count toward the offer (false for a late message of an earlier offer).
    public var counted: Bool
    public var late: Bool
    /// Why a reply was or was not queued, for the operator.
    public var replyDecision: String
    /// Defect names (stored as a JSON array).
    public var defects: [String]
    /// The sender check it passed at the receiving server.
    public var authentication: SenderAuthentication = .none
    /// Its Reply-To when that differs from From: recorded for a person, never answered.
    public var replyToAddress: String?

    public init(
        messageID: String?, contentDigest: String, sha256: String, raw: Data, internalDate: Int64, storedAt: Int64,
        fromAddress: String?, fromName: String?, subject: String?, category: MessageCategory, offerId: Int64?, counted: Bool,
        late: Bool, replyDecision: String, defects: [String]
    ) {
        self.messageID = messageID
        self.contentDigest = contentDigest
        self.sha256 = sha256
        self.size = Int64(raw.count)
        self.raw = raw
        self.internalDate = internalDate
        self.storedAt = storedAt
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.subject = subject
        self.category = category
        self.offerId = offerId
        self.counted = counted
        self.late = late
        self.replyDecision = replyDecision
        self.defects = defects
    }

    /// When retention removed its raw bytes (the row and its hashes stay).
    public var purgedAt: Int64?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}

/// Where a message was found: one row per (mailbox, UIDVALIDITY, UID).
public struct MessageLocationRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "messageLocation"
    public var id: Int64?
    public var messageId: Int64
    public var mailboxId: Int64
    public var uidValidity: Int64
    public var uid: Int64
    public var internalDate: Int64
    /// Whether the stored keyword has been set on the server.
    public var flagged: Bool

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension MessageLocationRecord {
    static func at(mailboxID: Int64, uidValidity: Int64, uid: Int64) -> QueryInterfaceRequest<MessageLocationRecord> {
        filter(Column(CodingKeys.mailboxId) == mailboxID && Column(CodingKeys.uidValidity) == uidValidity && Column(CodingKeys.uid) == uid)
    }
}
