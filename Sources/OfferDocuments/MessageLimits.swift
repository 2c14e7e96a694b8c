/// Bounds on one whole message, whatever it carries: the archive and extraction limits apply per
/// archive and per file, and a message of many archives or many PDFs multiplies them.
public struct MessageLimits: Sendable, Hashable {
    /// Bytes inflated from every archive of the message together: zip entries (nested ones
    /// included) and the XML of OOXML and OpenDocument files, counted as they are inflated.
    /// Default 64 MiB: a complete application is a few MB.
    public var maxInflatedBytes: Int = 64 << 20
    /// Files listed for a message (attachments, zip and TNEF entries, uuencoded files); the rest are
    /// not listed, with ``Defect/fileCountLimit``. Default 200: an application is 3 to 20 files.
    public var maxFiles: Int = 200
    /// Wall-clock seconds the message's text extraction may take, its PDF readers included (each
    /// runs at most the smaller of its own timeout and what is left); past it the remaining files
    /// are judged by their names, with ``Defect/extractorBudgetExhausted``. Default 8 s, as one
    /// PDF reader may take: so a message, whatever it holds, is analysed in under 10 s (real
    /// offers need well under a second), and never holds the intake for long.
    public var maxExtractorSeconds: Double = 8

    public init() {}
}
