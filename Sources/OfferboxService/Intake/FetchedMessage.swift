public import OfferCore

/// One message as the transport delivered it: bytes and where they came from.
public struct FetchedMessage: Sendable {
    /// Identifies the mailbox across restarts (``Configuration/Mailbox/key``).
    public var mailboxKey: String
    public var uidValidity: Int64
    public var uid: Int64
    /// IMAP INTERNALDATE: when the mail server received the message (seconds since 1970).
    public var internalDate: Int64
    public var raw: [UInt8]

    public init(mailboxKey: String, uidValidity: Int64, uid: Int64, internalDate: Int64, raw: [UInt8]) {
        self.mailboxKey = mailboxKey
        self.uidValidity = uidValidity
        self.uid = uid
        self.internalDate = internalDate
        self.raw = raw
    }
}

/// What the pipeline did with a message.
public struct IngestOutcome: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
        /// This (mailbox, UIDVALIDITY, UID) was stored before: nothing changed.
        case alreadyStored = "already_stored"
        /// The same message was stored from another mailbox or UIDVALIDITY: one more location only.
        case duplicateCopy = "duplicate_copy"
        /// A new message.
        case stored
    }

    public var action: Action
    /// The location row, for flagging the copy on the server once committed.
    public var locationID: Int64
    /// Whether the keyword is already set on the server for this copy.
    public var flagged: Bool
    /// What the message is; nil for a copy already stored.
    public var category: MessageCategory?
    public var offerID: String?
    public var replyKind: ReplyKind?
    public var reason: String
    /// The stored message's row.
    public var messageRowID: Int64
}

extension Configuration.Mailbox {
    /// `username@url`: stable across restarts, distinct for two logins to one server.
    public var key: String { "\(username)@\(url)" }
}
