/// The language of a document or of a mail body. The call requires English: others are flagged, never rejected.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case english = "en"
    case french = "fr"
    case portuguese = "pt"
    case arabic = "ar"
    case other

    /// Whether the call's rule (offers in English) is met.
    public var isEnglish: Bool { self == .english }
}
