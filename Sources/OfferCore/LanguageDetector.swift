/// Tells English, French, Portuguese and Arabic apart, and says "other" for the rest.
///
/// The method, in two steps:
/// 1. Script: if at least 30% of the letters are Arabic script (U+0600–U+06FF and its
///    supplements and presentation forms), the text is Arabic.
/// 2. Stop words: the text is folded (lowercase, no diacritics) and split into words; for each of
///    English, French and Portuguese we count the words that belong to a list of that language's
///    most frequent function words which are *not* function words of the other two (`the`, `les`,
///    `não`...; shared words such as `de`, `a`, `que` are left out). The language with the largest
///    share wins when it covers at least 8% of the words and at least 3 words, and is at least 1.5
///    times the runner-up; in terse text (CVs, budgets) 3% is enough when it is twice the runner-up;
///    otherwise the answer is "other" (lists of numbers...). A fourth list of German, Spanish and
///    Italian function words competes too, so that those languages come out as "other".
///    Running text in these languages is 25–45% function words, so the margins are wide.
///
/// Only the first 20,000 words are read: enough for a decision, and bounded time.
public struct LanguageDetector: Sendable {
    public init() {}

    public static let maximumWords = 20_000

    public func detect(_ text: some StringProtocol) -> LanguageGuess? {
        // One concrete type for the loops below, which a generic caller would otherwise run unspecialized.
        let text = String(decoding: text.utf8, as: UTF8.self)
        var arabicLetters = 0
        var otherLetters = 0
        var scanned = 0
        for scalar in text.unicodeScalars {
            scanned &+= 1
            if scanned > 400_000 { break }
            let v = scalar.value
            if v < 0x80 {
                if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) { otherLetters &+= 1 }
                continue
            }
            if (0x0600...0x06FF).contains(v) || (0x0750...0x077F).contains(v) || (0x08A0...0x08FF).contains(v)
                || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v) {
                if scalar.properties.isAlphabetic { arabicLetters &+= 1 }
            } else if scalar.properties.isAlphabetic {
                otherLetters &+= 1
            }
        }
        let letters = arabicLetters + otherLetters
        guard letters >= 20 else { return nil }
        let arabicShare = Double(arabicLetters) / Double(letters)
        if arabicShare >= 0.3 {
            return LanguageGuess(language: .arabic, confidence: min(1, arabicShare + 0.2),
                                 reason: "script: \(percent(arabicShare)) of \(letters) letters are Arabic")
        }
        var counts: [Language: Int] = [.english: 0, .french: 0, .portuguese: 0, .other: 0]
        var words = 0
        // 20,000 words fit in 150,000 characters: fold no more than that (a character is at least
        // one UTF-8 byte, so a text of fewer bytes is folded whole without counting its characters).
        let folded = TextFolding.fold(text.utf8.count <= 150_000 ? text[...] : text.prefix(150_000))
        TextFolding.forEachWord(of: folded) { word in
            words &+= 1
            if words > Self.maximumWords { return false }
            // Longer words are no stop word: not hashed at all.
            if word.utf8.count <= Self.longestStopWord, let language = Self.stopWords[word] { counts[language, default: 0] &+= 1 }
            return true
        }
        guard words > 0 else { return nil }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        let best = ranked[0], second = ranked[1]
        let share = Double(best.value) / Double(words)
        let summary = "stop words: " + [Language.english, .french, .portuguese, .other].map {
            "\($0.rawValue) \(percent(Double(counts[$0] ?? 0) / Double(words)))"
        }.joined(separator: ", ") + " of \(words) words"
        if best.key == .other, best.value >= 3 {
            return LanguageGuess(language: .other, confidence: min(0.9, 0.4 + share), reason: summary + " (German, Spanish or Italian words)")
        }
        if best.value >= 3, share >= 0.08, Double(best.value) >= 1.5 * Double(second.value) {
            return LanguageGuess(language: best.key, confidence: min(0.99, 0.5 + share), reason: summary)
        }
        // Terse texts (CVs, budgets, tables) have few function words: a clear lead still decides.
        if best.value >= 3, share >= 0.03, Double(best.value) >= 2 * Double(second.value) {
            return LanguageGuess(language: best.key, confidence: min(0.7, 0.4 + share * 2), reason: summary + " (terse text)")
        }
        if words < 8 { return nil }
        return LanguageGuess(language: .other, confidence: 0.5, reason: summary)
    }

    private func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    /// UTF-8 bytes of the longest stop word.
    static let longestStopWord = stopWords.keys.map(\.utf8.count).max() ?? 0

    /// Folded function words, each listed for one language only.
    static let stopWords: [Substring: Language] = {
        let english = """
        the and of to in is are was were be been for with on that this these those it its by from at an \
        or not we our you your they their he she his her which will would shall should can could have \
        has had does did there here into about also such than then other any all each more most may \
        must who whom what when where why how i my us them if but so over under between during within \
        without after before being per through both only very upon
        """
        let french = """
        le la les des du et est une un pour dans avec sur au aux ce cette ces qui nous vous pas par sont ont \
        ete etre je il elle ils elles leur leurs votre vos notre son sa ses mon ma mes cet \
        avons avez fait faire peut plus tres aussi comme selon lors dont chez sans sous vers ainsi \
        afin avoir seront etait deja y en l d qu j c cela celle ceux
        """
        let portuguese = """
        o os do da dos das em no na nas um uma umas para com nao e ao aos pelo pela pelos pelas \
        seu sua seus suas nosso nossa nossos nossas meu minha este esta estes estas isso isto esse essa sao \
        foi ser estar tem ter muito tambem como sobre ate ja quando onde porque pode deve \
        seja vez apos atraves desta deste nesta neste dessa desse
        """
        // Function words of German, Spanish and Italian that none of the three uses: evidence for "other".
        let foreign = """
        der die das und ist nicht mit sich auf fur von zu den dem ein eine einer wir ich ihre ihr werden \
        wird sind uns auch oder bei nach aus el los las del con una lo pero sus muy sin nosotros hay \
        donde usted della che di gli sono nel alla delle degli questo anche
        """
        // Left out because they are function words of two of the languages: de, a, que, se, me, ou,
        // as (en/pt), do (en/pt), nos (fr/pt), mais (fr/pt), sera (fr/pt), entre (fr/pt), uns (pt/de).
        var table: [Substring: Language] = [:]
        for (list, language) in [(english, Language.english), (french, .french), (portuguese, .portuguese), (foreign, .other)] {
            for word in list.split(separator: " ") { table[word] = language }
        }
        return table
    }()
}
