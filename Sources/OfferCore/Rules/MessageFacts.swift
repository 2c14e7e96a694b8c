/// What the reply policy needs to know of one received message, read from its headers by the caller.
///
/// Header values are as decoded by the MIME layer, lowercased where noted; absent fields are nil.
public struct MessageFacts: Sendable, Hashable {
    /// The sender's address (From), lowercased.
    public var fromAddress: String?
    /// Reply-To, lowercased: recorded when it differs from From, never answered (a reply goes
    /// only to the address the offer belongs to).
    public var replyToAddress: String?
    /// The subject as decoded, for the prefixes auto-responders write (`Automatic reply:`).
    public var subject: String?
    /// A vendor header that marks an automatic reply (`X-Autoreply: yes`), as `name: value`.
    public var autoReplyHeader: String?
    /// The envelope sender the receiving server recorded (`Return-Path`), without brackets; `""` for `<>`.
    public var returnPath: String?
    /// `Auto-Submitted` keyword, lowercased (RFC 3834).
    public var autoSubmitted: String?
    /// `Precedence`, lowercased.
    public var precedence: String?
    public var hasListID = false
    public var hasListUnsubscribe = false
    /// `X-Auto-Response-Suppress` present (Microsoft: any value but `None` asks for no auto reply).
    public var autoResponseSuppress: String?
    /// The top-level Content-Type is multipart/report (a DSN or MDN).
    public var isReport = false
    /// `X-Spam-Flag: YES` from the receiving server.
    public var spamFlagged = false
    /// The strongest sender check that passed, as the Secretariat's own receiving server wrote it
    /// (an `Authentication-Results` field with the configured authserv-id); `.none` without one.
    public var authentication: SenderAuthentication = .none
    /// `dmarc=fail` or `spf=fail` from that same field, if one of them failed.
    public var failedCheck: String?
    /// The message asks to withdraw an offer (subject or body), for a person to handle.
    public var looksLikeWithdrawal = false

    public init() {}
}
