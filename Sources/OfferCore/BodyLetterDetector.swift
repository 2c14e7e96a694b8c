/// Decides whether the body of a mail is itself the letter of intent.
///
/// Applicants often write the letter in the mail instead of attaching it. A body counts as the
/// letter when it reads like one: a greeting at the top, at least three intent phrases
/// (`we hereby express our interest`, `par la présente`, `venho por este meio`...), a closing
/// formula, and some length (300 characters of the applicant's own text, 350 and four intent phrases when it also announces attachments; quoted lines left out).
/// A short cover note that only announces attachments ("please find attached our letter of
/// intent...") is not a letter: when the body announces attachments the bar is higher.
public struct BodyLetterDetector: Sendable {
    public init() {}

    public func letterOfIntent(inBody body: String) -> KindDecision? {
        // A letter is a page or two: the first 20,000 characters are plenty.
        let own = Self.ownText(body.utf8.count > 20_000 ? String(body.prefix(20_000)) : body)
        guard own.utf8.count >= 300, Self.opensWithGreeting(own) else { return nil }
        let content = ContentEvidence(own)
        let lines = 0..<content.lineCount
        let scores = content.scores(lines: lines)
        let reasons = scores.reasons[.letterOfIntent] ?? []
        let hasGreeting = reasons.contains { $0.hasPrefix("greeting") }
        let hasClosing = reasons.contains { $0.hasPrefix("closing") }
        let wordPoints = Self.intentPoints(in: content)
        let announcesAttachments = ContentEvidence.attachmentMentionWords.contains { !content.document.occurrences(of: $0.words).isEmpty }
        let neededWords = announcesAttachments ? 2.4 : 1.8
        let neededLength = announcesAttachments ? 350 : 300
        guard hasGreeting, hasClosing || wordPoints >= 3, wordPoints >= neededWords, own.count >= neededLength else { return nil }
        var why = ["the mail body reads as a letter of intent"] + reasons
        if announcesAttachments { why.append("it also announces attachments, so the bar was higher") }
        return KindDecision(kind: .letterOfIntent, confidence: DocumentClassifier.confidence(scores.score(.letterOfIntent), runnerUp: 0) * 0.9,
                            reasons: why)
    }

    /// A cheap first look: one of the first ten non-empty lines starts with a greeting.
    private static func opensWithGreeting(_ text: String) -> Bool {
        var seen = 0
        for line in text.split(separator: "\n", maxSplits: 12) {
            let folded = TextFolding.fold(line.prefix(60))
            guard !folded.isEmpty else { continue }
            seen += 1
            if Self.greetings.contains(where: { folded == $0 || folded.hasPrefix($0 + " ") }) { return true }
            if seen >= 10 { break }
        }
        return false
    }

    private static let greetings = Vocabulary.salutations

    /// Points of the intent phrases alone (the letter's words, not its greeting and closing).
    private static func intentPoints(in content: ContentEvidence) -> Double {
        var count = 0
        for (_, words) in ContentEvidence.featureWords[.letterOfIntent] ?? [] {
            count += min(2, content.document.occurrences(of: words).count)
        }
        return 0.6 * Double(count)
    }

    /// The body without quoted lines (`> ...`) and without what follows a reply header
    /// (`On ... wrote:`, `Le ... a écrit :`, `Em ... escreveu:`): that is someone else's text.
    static func ownText(_ body: String) -> String {
        var kept: [Substring] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(">") { continue }
            let folded = TextFolding.fold(trimmed.suffix(40))
            if folded.hasSuffix("wrote") || folded.hasSuffix("a ecrit") || folded.hasSuffix("escreveu") { break }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }
}
