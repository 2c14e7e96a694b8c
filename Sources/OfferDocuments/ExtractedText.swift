public import MIME

/// The text read from one file, or why there is none.
public struct ExtractedText: Sendable {
    /// Nil when the file has no usable text (a scan, an encrypted PDF, an image, an unknown format).
    public var text: String?
    /// Why there is no text, or what was cut: shown in the reasons.
    public var note: String?
    public var defect: Defect?

    public var hasText: Bool { text != nil }

    public init(text: String?, note: String? = nil, defect: Defect? = nil) {
        self.text = text
        self.note = note
        self.defect = defect
    }
}
