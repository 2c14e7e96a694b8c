/// Bounds the parser enforces so that hostile input cannot exhaust memory or stack.
///
/// Past a limit the parser records a defect (``Defect/nestingDepthLimit`` and friends),
/// stops descending or reading headers, and keeps what it has: it never throws or traps.
public struct ParserLimits: Sendable, Hashable {
    /// Bytes of a message read at all; the rest is ignored (default 64 MiB).
    public var maxMessageSize: Int = 64 << 20
    /// Nesting of multiparts and attached messages (default 32). Deeper structure is kept as an opaque leaf.
    public var maxNestingDepth: Int = 32
    /// Parts in one message, counting every multipart and leaf (default 10,000).
    public var maxPartCount: Int = 10_000
    /// Header fields in one header block (default 10,000); later ones are dropped.
    public var maxHeaderCount: Int = 10_000
    /// Bytes of one (unfolded) header field (default 1 MiB); longer values are cut.
    public var maxHeaderLength: Int = 1 << 20
    /// RFC 2047 encoded words decoded in one header value (default 10,000); the rest is kept as written.
    public var maxEncodedWordsPerHeader: Int = 10_000

    public init() {}

    public static let `default` = ParserLimits()
}
