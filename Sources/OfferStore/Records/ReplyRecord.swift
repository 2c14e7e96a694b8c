public import Foundation
public import GRDB
public import OfferCore

/// A reply in the outbox: queued in the transaction that stored its message, sent after the commit.
public struct ReplyRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "reply"
    public enum State: String, Codable, Sendable, DatabaseValueConvertible { case queued, sent, failed }

    public var id: Int64?
    /// The message answered (a unique index: a message never gets two replies); nil for a
    /// corrected receipt, which answers ``correctionId`` instead.
    public var messageId: Int64?
    /// The person's correction a corrected receipt reports (one reply per correction).
    public var correctionId: Int64?
    public var offerId: Int64?
    public var kind: ReplyKind
    public var recipient: String
    /// The reply's own Message-ID (deterministic), without brackets.
    public var rfc822MessageID: String
    public var bytes: Data
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var lastError: String?
    public var createdAt: Int64
    public var sentAt: Int64?
    /// When a crash (or a lost connection) cut this reply between its final "." and the server's
    /// answer: until its copy shows up or the configured wait runs out, it is not sent again.
    public var unconfirmedSince: Int64?
    /// When retention removed its text (the row and its Message-ID stay).
    public var purgedAt: Int64?
    /// The SHA-256 of `bytes`, kept when retention removes them (schema v8).
    public var sha256: String? = nil

    /// The reply to a message.
    public init(messageId: Int64, offerId: Int64?, kind: ReplyKind, recipient: String, rfc822MessageID: String,
                bytes: Data, createdAt: Int64) {
        self.init(offerId: offerId, kind: kind, recipient: recipient, rfc822MessageID: rfc822MessageID, bytes: bytes, createdAt: createdAt)
        self.messageId = messageId
    }

    /// The corrected receipt that reports a person's correction.
    public init(correctionId: Int64, offerId: Int64, kind: ReplyKind, recipient: String, rfc822MessageID: String,
                bytes: Data, createdAt: Int64) {
        self.init(offerId: offerId, kind: kind, recipient: recipient, rfc822MessageID: rfc822MessageID, bytes: bytes, createdAt: createdAt)
        self.correctionId = correctionId
    }

    private init(offerId: Int64?, kind: ReplyKind, recipient: String, rfc822MessageID: String, bytes: Data, createdAt: Int64) {
        self.offerId = offerId
        self.kind = kind
        self.recipient = recipient
        self.rfc822MessageID = rfc822MessageID
        self.bytes = bytes
        self.state = .queued
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ReplyRecord {
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let offerId = Column(CodingKeys.offerId)
        public static let state = Column(CodingKeys.state)
        public static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        public static let unconfirmedSince = Column(CodingKeys.unconfirmedSince)
    }

    /// An offer's replies in the order queued; every offer's with nil.
    static func ofOffer(_ offerID: Int64?) -> QueryInterfaceRequest<ReplyRecord> {
        let ordered = order(Columns.id)
        return offerID.map { ordered.filter(Columns.offerId == $0) } ?? ordered.filter(Columns.offerId != nil)
    }

    static let queued = filter(Columns.state == State.queued)

    /// Queued replies whose next attempt is due at `now`; one waiting for its copy is due only
    /// `confirmationWait` seconds after it began to wait.
    static func due(now: Int64, confirmationWait: Int64) -> QueryInterfaceRequest<ReplyRecord> {
        // A reply whose text retention removed is never sent (it would be empty, to `purged`).
        queued.filter(Columns.nextAttemptAt <= now && (Columns.unconfirmedSince == nil || Columns.unconfirmedSince <= now - confirmationWait)
                      && Column(CodingKeys.purgedAt) == nil)
            .order(Columns.id)
    }
}
