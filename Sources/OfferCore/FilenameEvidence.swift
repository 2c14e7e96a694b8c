/// What a file name says about the kind of a file: `CV_FR_2022_final.pdf` says CV,
/// `Offre financière.xlsx` says financial offer, `scan001.pdf` says nothing.
struct FilenameEvidence {
    private(set) var scores = KindScores()
    /// Kinds named outright (a strong phrase), for files that say they hold two documents.
    private(set) var stronglyNamed: [DocumentKind] = []

    init(_ filename: String?) {
        guard let filename, !filename.isEmpty else { return }
        let tokens = Self.tokens(of: filename)
        guard !tokens.isEmpty else { return }
        let joined = tokens.joined()
        for kind in [DocumentKind.letterOfIntent, .workplan, .financialOffer, .cv] {
            if let reason = Self.strongMatch(kind, tokens: tokens, joined: joined) {
                scores.add(3, to: kind, because: reason)
                stronglyNamed.append(kind)
                continue
            }
            for word in Vocabulary.filenameWeak[kind] ?? [] where tokens.contains(Substring(word)) {
                scores.add(1, to: kind, because: "file name has \"\(word)\"")
                break
            }
        }
    }

    /// The file name folded into tokens, without its extension; folders of an archive entry count too.
    static func tokens(of filename: String) -> [Substring] {
        var stem = Substring(filename)
        if let dot = stem.lastIndex(of: "."), stem.distance(from: dot, to: stem.endIndex) <= 6, dot != stem.startIndex {
            stem = stem[..<dot]
        }
        return TextFolding.foldFilename(stem).split(separator: " ")
    }

    /// Strong phrases per kind, longest first, split once.
    private static let sortedPhrases: [DocumentKind: [(String, [Substring])]] = Vocabulary.filenameStrong.mapValues { phrases in
        phrases.sorted { $0.count > $1.count }.map { ($0, $0.split(separator: " ")) }
    }

    /// Strong phrases of 7+ letters without their spaces, as bytes.
    private static let gluedPhrases: [DocumentKind: [(String, [UInt8])]] = Vocabulary.filenameStrong.mapValues { phrases in
        phrases.filter { $0.count >= 7 }.map { ($0, Array($0.replacingSpaces().utf8)) }
    }

    /// Strong phrases that are one word of 6+ letters (folded, so ASCII: bytes are letters).
    private static let longWords: [DocumentKind: [String]] = Vocabulary.filenameStrong.mapValues { phrases in
        phrases.filter { $0.utf8.count >= 6 && !$0.utf8.contains(0x20) }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first {
                var k = 1
                while k < needle.count, haystack[index + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    private static func strongMatch(_ kind: DocumentKind, tokens: [Substring], joined: String) -> String? {
        // Exact phrases, longest first.
        for (phrase, words) in sortedPhrases[kind] ?? [] {
            if FuzzyMatch.containsPhrase(words, in: tokens) {
                let exact = tokens.indices.contains { start in
                    start + words.count <= tokens.count && Array(tokens[start..<start + words.count]) == words
                }
                return exact ? "file name says \"\(phrase)\"" : "file name reads as \"\(phrase)\" (typo)"
            }
        }
        // Run together (`lettredemotivation`, `PlanoDeTrabalho` already split) or glued to a name (`CVAwaDiallo`).
        let joinedBytes = Array(joined.utf8)
        for (phrase, glued) in gluedPhrases[kind] ?? [] where Self.contains(joinedBytes, glued) {
            return "file name contains \"\(phrase)\""
        }
        // A word that starts with a long vocabulary word: `financiere2022`, `methodologie_v2`.
        for word in longWords[kind] ?? [] {
            if tokens.contains(where: { $0.utf8.count > word.utf8.count && $0.hasPrefix(word) }) {
                return "file name word starts with \"\(word)\""
            }
        }
        // `CV` glued to a name, as in `CVAwa` (split by camel case) or `cv-awa`: handled as tokens.
        if kind == .cv, let first = tokens.first, first.hasPrefix("cv"), first.count <= 12, first.dropFirst(2).allSatisfy({ $0.isLetter }) {
            return "file name starts with \"cv\""
        }
        return nil
    }
}

extension String {
    func replacingSpaces() -> String { String(unicodeScalars.filter { $0 != " " }.map(Character.init)) }
}
