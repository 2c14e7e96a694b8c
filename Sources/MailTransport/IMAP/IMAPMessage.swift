import Foundation

/// UIDVALIDITY and UIDNEXT of a mailbox (RFC 3501 §2.3.1.1): a UID means the same
/// message only as long as UIDVALIDITY stays the same.
public struct IMAPMailboxStatus: Sendable, Hashable {
    public let uidValidity: UInt32
    public let uidNext: UInt32
    public let messages: Int
}

/// What the server knows about a message without sending it.
public struct IMAPMessageInfo: Sendable, Hashable {
    public let uid: UInt32
    /// When the server received it (not the sender's Date header).
    public let internalDate: IMAPInternalDate
    /// RFC822.SIZE: the size the server will send.
    public let size: Int
    public let flags: [String]

    public var isSeen: Bool { flags.contains { $0.caseInsensitiveCompare("\\Seen") == .orderedSame } }
}

/// A message exactly as the server sent it in `BODY[]`.
public struct IMAPMessage: Sendable {
    public let info: IMAPMessageInfo
    /// The raw RFC 5322 bytes. Dovecot, like any IMAP server, sends CRLF line endings
    /// and cannot send NUL in a literal (it sends 0x80 instead).
    public let bytes: [UInt8]
    public var uid: UInt32 { info.uid }
}

/// What `markStored` achieved; a UID missing from both lists was gone from the mailbox.
public struct IMAPStoreResult: Sendable, Hashable {
    /// UIDs that now carry the stored keyword (per the server's FETCH responses).
    public let flagged: [UInt32]
    /// UIDs moved to `moveStoredTo` (per COPYUID); empty when no move is configured.
    public let moved: [UInt32]
}
