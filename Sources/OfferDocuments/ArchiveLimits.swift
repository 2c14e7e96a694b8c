/// Bounds on what a zip attachment may make us inflate, so a zip bomb or a million-entry archive
/// is refused (and recorded as a defect) instead of exhausting memory or time.
public struct ArchiveLimits: Sendable, Hashable {
    /// Entries in one archive, read from its end-of-central-directory record before anything else.
    public var maxEntries: Int = 1000
    /// Bytes inflated from one archive and everything nested in it.
    public var maxTotalUncompressed: Int = 100 << 20
    /// Bytes inflated from one entry.
    public var maxEntryUncompressed: Int = 50 << 20
    /// Uncompressed / compressed, for entries past ``ratioAppliesAbove`` bytes (a 1 GB file of zeros deflates 1000:1).
    public var maxCompressionRatio: Int = 100
    public var ratioAppliesAbove: Int = 1 << 20
    /// Archives inside archives: 1 is a zip attachment, 2 a zip inside it; deeper ones are refused.
    public var maxDepth: Int = 2

    public init() {}
}
