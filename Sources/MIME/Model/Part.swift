/// One node of a message's MIME tree.
public struct Part: Sendable {
    /// What a part holds.
    public enum Body: Sendable {
        /// A leaf: the raw (still transfer-encoded) bytes of the body.
        case leaf
        /// A multipart: its children in order.
        case multipart([Part])
        /// An attached message (`message/rfc822`, `message/global`), parsed.
        indirect case message(Message)
    }

    public var headers: HeaderList
    /// The effective Content-Type (the RFC 2045 default when absent or unreadable).
    public var contentType: MediaType
    /// True when the Content-Type header was absent or unreadable.
    public var contentTypeWasDefaulted: Bool
    public var disposition: ContentDisposition?
    public var transferEncoding: TransferEncoding
    /// IMAP BODY section: `1` for the body of a single-part message, `1`, `2`, `2.1`, ... in a multipart.
    public var path: String
    public var body: Body
    /// The raw bytes of the body (after the blank line), sharing the message's storage.
    public var rawBody: ArraySlice<UInt8>
    /// Files found uuencoded inside this text/plain leaf, in order (old clients paste attachments so).
    public var uuencodedFiles: [UUEncodedFile] = []

    public init(
        headers: HeaderList,
        contentType: MediaType,
        contentTypeWasDefaulted: Bool,
        disposition: ContentDisposition?,
        transferEncoding: TransferEncoding,
        path: String,
        body: Body,
        rawBody: ArraySlice<UInt8>
    ) {
        self.headers = headers
        self.contentType = contentType
        self.contentTypeWasDefaulted = contentTypeWasDefaulted
        self.disposition = disposition
        self.transferEncoding = transferEncoding
        self.path = path
        self.body = body
        self.rawBody = rawBody
    }
}
