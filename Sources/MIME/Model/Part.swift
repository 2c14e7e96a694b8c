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
    /// IMAP BODY section number: `1`, `2.1`, ...; `""` is the top level of a single-part message... see ``Message``.
    public var path: String
    public var body: Body
    /// The raw bytes of the body (after the blank line), sharing the message's storage.
    public var rawBody: ArraySlice<UInt8>
    /// True for a leaf synthesised from a uuencoded block in a text body.
    public var isUUEncodedBlock: Bool = false
    /// The decoded bytes of a uuencoded block (``isUUEncodedBlock``).
    public var uuDecoded: [UInt8]? = nil
    /// The file name of a uuencoded block.
    public var uuFilename: String? = nil

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
