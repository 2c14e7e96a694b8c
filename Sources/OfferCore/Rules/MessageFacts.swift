/// What the reply policy needs to know of one received message, read from its headers by the caller.
///
/// Header values are as decoded by the MIME layer, lowercased where noted; absent fields are nil.
public struct MessageFacts: Sendable, Hashable {
    /// The sender's address (From), lowercased.
    public var fromAddress: String?
    /// Reply-To, lowercased; replies go there when present.
    public var replyToAddress: String?
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
    /// Results of the receiving server's Authentication-Results (the topmost header), lowercased: `dmarc`, `spf`.
    public var dmarc: String?
    public var spf: String?
    /// The message asks to withdraw an offer (subject or body), for a person to handle.
    public var looksLikeWithdrawal = false

    public init() {}
}
