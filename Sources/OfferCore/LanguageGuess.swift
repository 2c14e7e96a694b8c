/// What ``LanguageDetector`` decided, with the evidence, so that a committee member can check it.
public struct LanguageGuess: Sendable, Hashable {
    public var language: Language
    /// Share of the words (or, for Arabic, of the letters) that support the decision, 0...1.
    public var confidence: Double
    /// One line: `"stop words: en 31%, fr 2%, pt 1% of 412 words"`.
    public var reason: String

    public init(language: Language, confidence: Double, reason: String) {
        self.language = language
        self.confidence = confidence
        self.reason = reason
    }
}
