public import Foundation
public import GRDB
public import OfferCore

/// One file of a message that counts (or was considered) toward an offer; its bytes are in ``BlobRecord``.
public struct DocumentRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "document"
    public var id: Int64?
    public var messageId: Int64
    public var partPath: String
    public var filename: String?
    public var archive: String?
    /// What the analysis found it to be (a person's correction is a ``CorrectionRecord`` beside it).
    public var kind: DocumentKind
    public var confidence: Double
    /// Why (stored as a JSON array).
    public var reasons: [String]
    public var sha256: String
    public var size: Int64
    public var language: String?
    public var hasText: Bool
    /// A financial offer's figures (stored as the contract's JSON object), or nil.
    public var financial: StoredFigures?

    public init(
        messageId: Int64, partPath: String, filename: String?, archive: String?, kind: DocumentKind, confidence: Double,
        reasons: [String], sha256: String, size: Int64, language: String?, hasText: Bool, financial: StoredFigures?
    ) {
        self.messageId = messageId
        self.partPath = partPath
        self.filename = filename
        self.archive = archive
        self.kind = kind
        self.confidence = confidence
        self.reasons = reasons
        self.sha256 = sha256
        self.size = size
        self.language = language
        self.hasText = hasText
        self.financial = financial
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}

/// File bytes by SHA-256: a CV sent twice is stored once.
public struct BlobRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "blob"
    public var sha256: String
    public var size: Int64
    /// The bytes, or empty when `inFile` says they are in ``BlobFiles`` or `sourceMessage` names
    /// the message whose part `sourcePart` they are the decoded body of.
    public var bytes: Data
    public var inFile: Bool = false
    public var sourceMessage: String? = nil
    public var sourcePart: String? = nil
    /// When retention removed the bytes (the row, its SHA-256 and size stay).
    public var purgedAt: Int64? = nil
}

/// Where a document's bytes are, as the store can give them.
public enum DocumentBytes: Sendable, Equatable {
    case stored(Data)
    /// The decoded body of the MIME part at IMAP section `partPath` of the raw message `raw`
    /// (SHA-256 `messageSHA256`): the store keeps the message once, and the caller decodes the part.
    case messagePart(raw: [UInt8], messageSHA256: String, partPath: String)
    /// Retention removed the bytes at this time (seconds since 1970); the SHA-256 stays as proof.
    case purged(at: Int64)
}

extension DocumentRecord {
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let messageId = Column(CodingKeys.messageId)
    }

    static func ofMessage(_ messageID: Int64) -> QueryInterfaceRequest<DocumentRecord> { filter(Columns.messageId == messageID).order(Columns.id) }
}
