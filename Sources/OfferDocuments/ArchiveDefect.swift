public import MIME

/// Defects of the files of a message, in the style of the parser's: short, stable, snake_case.
extension Defect {
    /// A zip whose entries would inflate past the limits (size or compression ratio): refused whole.
    public static let zipBomb = Defect("zip_bomb")
    public static let zipTooManyEntries = Defect("zip_too_many_entries")
    /// A zip inside a zip inside a zip: the innermost is not opened.
    public static let zipNestingDepth = Defect("zip_nesting_depth")
    public static let zipCRCMismatch = Defect("zip_crc_mismatch")
    public static let zipUnreadable = Defect("zip_unreadable")
    /// Central-directory records whose local headers and data overlap (one body listed many times): refused whole.
    public static let zipOverlappingEntries = Defect("zip_overlapping_entries")
    /// An entry named with `..` or an absolute path: kept as a name, never used as a path.
    public static let zipUnsafePath = Defect("zip_unsafe_path")
    public static let tnefUnreadable = Defect("tnef_unreadable")
    /// A text extractor (pdftotext) ran past its timeout and was killed.
    public static let extractorTimeout = Defect("extractor_timeout")
    public static let extractorFailed = Defect("extractor_failed")
    /// A file too large to be read for text: judged by its name and context.
    public static let fileSizeLimit = Defect("limit_file_size")
    /// The message's archives and documents together would inflate past ``MessageLimits/maxInflatedBytes``:
    /// the archive that crosses it is refused whole, the document that crosses it is not read.
    public static let messageInflationLimit = Defect("limit_message_inflation")
    /// More files than ``MessageLimits/maxFiles``: the rest are not listed.
    public static let fileCountLimit = Defect("limit_file_count")
    /// The message's ``MessageLimits/maxExtractorSeconds`` ran out: the files still unread are judged by name.
    public static let extractorBudgetExhausted = Defect("extractor_budget_exhausted")
}
