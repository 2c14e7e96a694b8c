/// The decoded header fields offerbox and `parse --json` care about.
public struct Envelope: Sendable, Hashable {
    public var messageID: String?
    public var from: [MailAddress] = []
    public var sender: [MailAddress] = []
    public var replyTo: [MailAddress] = []
    public var to: [MailAddress] = []
    public var cc: [MailAddress] = []
    public var subject: String?
    public var date: MessageDate?
    public var inReplyTo: String?
    public var references: [String] = []
    /// The Auto-Submitted value (RFC 3834), lowercased, without comments; nil when absent.
    public var autoSubmitted: String?

    public init() {}
}
