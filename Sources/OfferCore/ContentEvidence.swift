import Synchronization

/// What the text of a document says about its kind: title headings, section headings,
/// vocabulary, letter structure, amounts with currencies, employment date ranges, numbered steps.
///
/// Scores are computed over a range of lines so that a file holding several documents (one PDF
/// with the letter, the workplan, the budget and the CVs) can be scored section by section.
struct ContentEvidence {
    struct Heading {
        var line: Int
        var kind: DocumentKind
        var text: String
    }

    let document: FoldedDocument
    /// Title headings, in line order.
    private(set) var headings: [Heading] = []
    /// Per line: amounts with a currency on it, and an example.
    private var lineAmounts: [Int: (count: Int, example: String)] = [:]
    /// Per line: year ranges (`2015 – 2019`, `2019 – present`).
    private var lineYearRanges: [Int: Int] = [:]
    /// Per line: numbered workplan steps (`Phase 1`, `M3`).
    private var lineSteps: [Int: Int] = [:]
    private var secondary: [(line: Int, kind: DocumentKind, text: String)] = []
    /// Phrase occurrences per kind: (token position, phrase).
    private var featureHits: [DocumentKind: [(position: Int, phrase: String)]] = [:]
    private var salutationHits: [(line: Int, phrase: String)] = []
    private var closingHits: [(line: Int, phrase: String)] = []

    init(_ text: String) {
        document = FoldedDocument(text)
        for (index, line) in document.lines.enumerated() {
            let tokens = Array(document.tokens[line.tokens])
            if line.raw.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                let amounts = AmountScanner.scan(line.raw).filter { $0.currency != nil }
                if !amounts.isEmpty {
                    let example = amounts.first.map { a in String(String(line.raw.unicodeScalars.dropFirst(a.range.lowerBound).prefix(a.range.count))) } ?? ""
                    lineAmounts[index] = (amounts.count, example)
                }
                let ranges = Self.yearRanges(in: tokens)
                if ranges > 0 { lineYearRanges[index] = ranges }
                let steps = Self.steps(in: tokens)
                if steps > 0 { lineSteps[index] = steps }
            }
            if let heading = Self.heading(line: line, tokens: tokens) {
                if heading.primary {
                    headings.append(Heading(line: index, kind: heading.kind, text: String(line.raw.prefix(60))))
                } else {
                    secondary.append((index, heading.kind, String(line.raw.prefix(40))))
                }
            }
        }
        for kind in [DocumentKind.letterOfIntent, .workplan, .financialOffer, .cv] {
            var hits: [(Int, String)] = []
            for (phrase, words) in Self.featureWords[kind] ?? [] {
                for position in document.occurrences(of: words) { hits.append((position, phrase)) }
            }
            featureHits[kind] = hits
        }
        for (phrase, words) in Self.salutationWords {
            for position in document.occurrences(of: words) {
                // A greeting opens its line: `Dear Sir`, `Madame, Monsieur`, not `the dear city`.
                if let line = document.lineIndex(ofToken: position), document.lines[line].tokens.lowerBound == position {
                    salutationHits.append((line, phrase))
                }
            }
        }
        for (phrase, words) in Self.closingWords {
            for position in document.occurrences(of: words) {
                if let line = document.lineIndex(ofToken: position) { closingHits.append((line, phrase)) }
            }
        }
    }

    /// Vocabulary phrases with their words, split once rather than for every document.
    static let featureWords: [DocumentKind: [(phrase: String, words: [Substring])]] = Vocabulary.features.mapValues(withWords)
    private static let salutationWords = withWords(Vocabulary.salutations)
    private static let closingWords = withWords(Vocabulary.closings)
    static let attachmentMentionWords = withWords(Vocabulary.attachmentMentions)

    private static func withWords(_ phrases: [String]) -> [(phrase: String, words: [Substring])] {
        phrases.map { ($0, $0.split(separator: " ")) }
    }

    var lineCount: Int { document.lines.count }

    /// Points per kind over `lines`.
    func scores(lines: Range<Int>) -> KindScores {
        var scores = KindScores()
        guard !lines.isEmpty else { return scores }
        addHeadings(in: lines, to: &scores)
        addSectionHeadings(in: lines, to: &scores)
        addWords(in: lines, to: &scores)
        addLetterStructure(in: lines, to: &scores)
        addShapes(in: lines, to: &scores)
        return scores
    }

    /// A title: only the kinds whose title appears in the range.
    private func addHeadings(in lines: Range<Int>, to scores: inout KindScores) {
        if let title = headings.first(where: { lines.contains($0.line) }) {
            for kind in Set(headings.filter { lines.contains($0.line) }.map(\.kind)) {
                let first = headings.first { lines.contains($0.line) && $0.kind == kind } ?? title
                scores.add(3, to: kind, because: "heading \"\(first.text)\" (line \(first.line + 1))")
            }
        }
    }

    private func addSectionHeadings(in lines: Range<Int>, to scores: inout KindScores) {
        var secondaryByKind: [DocumentKind: [String]] = [:]
        for entry in secondary where lines.contains(entry.line) {
            if !(secondaryByKind[entry.kind, default: []].contains(entry.text)) { secondaryByKind[entry.kind, default: []].append(entry.text) }
        }
        for (kind, texts) in secondaryByKind {
            scores.add(min(2.4, 0.8 * Double(texts.count)), to: kind,
                       because: "section headings " + texts.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// Each kind's vocabulary, a phrase counting at most twice.
    private func addWords(in lines: Range<Int>, to scores: inout KindScores) {
        let tokenRange = document.lines[lines.lowerBound].tokens.lowerBound..<document.lines[lines.upperBound - 1].tokens.upperBound
        for kind in [DocumentKind.letterOfIntent, .workplan, .financialOffer, .cv] {
            var perPhrase: [String: Int] = [:]
            for hit in featureHits[kind] ?? [] where tokenRange.contains(hit.position) {
                perPhrase[hit.phrase, default: 0] += 1
            }
            guard !perPhrase.isEmpty else { continue }
            let weight = kind == .letterOfIntent ? 0.6 : 0.3
            let cap = kind == .letterOfIntent ? 3.0 : 3.5
            let total = perPhrase.values.reduce(0) { $0 + min($1, 2) }
            let examples = perPhrase.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(4).map { "\"\($0.key)\"" }
            scores.add(min(cap, weight * Double(total)), to: kind, because: "words " + examples.joined(separator: ", "))
        }
    }

    /// Letter structure: a greeting in the first lines, a closing formula.
    private func addLetterStructure(in lines: Range<Int>, to scores: inout KindScores) {
        let opening = lines.lowerBound..<min(lines.upperBound, lines.lowerBound + 10)
        if let greeting = salutationHits.first(where: { opening.contains($0.line) }) {
            scores.add(1.5, to: .letterOfIntent, because: "greeting \"\(greeting.phrase)\"")
        }
        if let closing = closingHits.first(where: { lines.contains($0.line) }) {
            scores.add(1.5, to: .letterOfIntent, because: "closing \"\(closing.phrase)\"")
        }
    }

    /// Amounts with a currency, date ranges and numbered steps.
    private func addShapes(in lines: Range<Int>, to scores: inout KindScores) {
        var amountCount = 0
        var example = ""
        var ranges = 0
        var steps = 0
        for line in lines {
            if let amounts = lineAmounts[line] {
                amountCount += amounts.count
                if example.isEmpty { example = amounts.example }
            }
            ranges += lineYearRanges[line] ?? 0
            steps += lineSteps[line] ?? 0
        }
        if amountCount > 0 {
            scores.add(min(3, 0.5 * Double(amountCount)), to: .financialOffer,
                       because: "\(amountCount) amount\(amountCount == 1 ? "" : "s") with a currency (e.g. \"\(example)\")")
        }
        if ranges > 0 {
            scores.add(min(3.6, 0.6 * Double(ranges)), to: .cv, because: "\(ranges) date range\(ranges == 1 ? "" : "s") of employment or study")
        }
        if steps > 0 {
            scores.add(min(2.4, 0.4 * Double(steps)), to: .workplan, because: "\(steps) numbered step\(steps == 1 ? "" : "s") (phases, tasks, months)")
        }
    }

    /// Whether a kind has evidence of its own shape in `lines`, beyond common words: a title, or
    /// a letter's greeting and closing, or amounts with a currency, or date ranges, or numbered steps
    /// or section headings.
    func hasAnchor(_ kind: DocumentKind, lines: Range<Int>) -> Bool {
        if headings.contains(where: { lines.contains($0.line) && $0.kind == kind }) { return true }
        switch kind {
        case .letterOfIntent:
            let opening = lines.lowerBound..<min(lines.upperBound, lines.lowerBound + 10)
            return salutationHits.contains { opening.contains($0.line) } || closingHits.contains { lines.contains($0.line) }
        case .financialOffer:
            return lines.contains { lineAmounts[$0] != nil }
        case .cv:
            return lines.reduce(0) { $0 + (lineYearRanges[$1] ?? 0) } >= 2
                || Set(secondary.filter { lines.contains($0.line) && $0.kind == .cv }.map(\.text)).count >= 2
        case .workplan:
            return lines.reduce(0) { $0 + (lineSteps[$1] ?? 0) } >= 2
                || Set(secondary.filter { lines.contains($0.line) && $0.kind == .workplan }.map(\.text)).count >= 2
        case .other:
            return false
        }
    }

    // MARK: - Line shapes

    private static let numberingWords: Set<Substring> = [
        "section", "part", "partie", "parte", "annex", "annexe", "anexo", "chapter", "chapitre", "capitulo",
        "appendix", "appendice", "apendice", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
        "a", "b", "c", "d", "e", "f", "g", "h", "document", "doc", "item", "no", "n",
    ]

    /// The kind a line announces when it is a heading: short, not a bullet, not a sentence, the
    /// heading phrase first (after any numbering: `2.`, `II -`, `Annex 3:`).
    private static func heading(line: FoldedDocument.Line, tokens: [Substring]) -> (kind: DocumentKind, primary: Bool)? {
        guard !line.startsWithBullet, tokens.count <= 14, !tokens.isEmpty, Self.atMost100Characters(line.raw) else { return nil }
        if let last = line.raw.last, last == "," || last == ";" { return nil }
        var start = 0
        while start < tokens.count, numberingWords.contains(tokens[start]) || tokens[start].allSatisfy(\.isNumber) { start += 1 }
        guard start < tokens.count else { return nil }
        let rest = tokens[start...]
        let candidates = HeadingStarts.phrases(startingWith: rest[start])
        for (primary, table, indices) in [(true, Self.primaryHeadingWords, candidates.primary), (false, Self.secondaryHeadingWords, candidates.secondary)] {
            var best: (DocumentKind, Int)?
            // Only the phrases whose first word matches, in the table's order: the longest, the first of equals.
            for phraseIndex in indices {
                let (kind, words) = table[phraseIndex]
                guard words.count <= rest.count, words.count > (best?.1 ?? 0) else { continue }
                var ok = true
                for offset in 1..<max(words.count, 1) where !FuzzyMatch.matches(rest[start + offset], words[offset]) {
                    ok = false
                    break
                }
                if ok { best = (kind, words.count) }
            }
            guard let (kind, length) = best else { continue }
            let after = rest.count - length
            if primary {
                // A title may be followed by a name or a reference, not by a sentence or an amount.
                guard after <= 8 else { continue }
                if line.raw.last == "." && after > 2 { continue }
                if AmountScanner.scan(line.raw).contains(where: { !$0.looksLikeYear && ($0.currency != nil || $0.units >= 1000) }) { continue }
                return (kind, true)
            } else {
                guard after <= 3 else { continue }
                return (kind, false)
            }
        }
        return nil
    }

    /// The heading phrases (indices into the primary and secondary tables, in order) whose first
    /// word `word` matches. The answer depends on the word and the fixed vocabulary only, so it is
    /// remembered for the whole process, for ASCII words of at most 24 bytes (String keys are equal
    /// when canonically equivalent, while FuzzyMatch counts bytes: two spellings of one non-ASCII
    /// word may match differently). At most 20,000 words are kept (about 2 MB); past that, a word is
    /// computed each time (mail cannot grow the table without bound).
    enum HeadingStarts {
        private static let known = Mutex<[String: (primary: [Int], secondary: [Int])]>([:])
        private static let capacity = 20_000

        static func phrases(startingWith word: Substring) -> (primary: [Int], secondary: [Int]) {
            guard word.utf8.count <= 24, word.utf8.allSatisfy({ $0 < 0x80 }) else { return compute(word) }
            let key = String(word)
            if let found = known.withLock({ $0[key] }) { return found }
            let found = compute(word)
            known.withLock { table in
                if table.count < capacity { table[key] = found }
            }
            return found
        }

        private static func compute(_ word: Substring) -> (primary: [Int], secondary: [Int]) {
            (primaryFirstWords.phrases(startingWith: word), secondaryFirstWords.phrases(startingWith: word))
        }
    }

    /// The first words of a table of heading phrases, indexed so that a word is compared (with
    /// ``FuzzyMatch/matches(_:_:)``) only with the first words it could match: those equal to it,
    /// and, for words a typo may alter, those sharing its first or last letter (as that function requires).
    struct FirstWordIndex {
        private let firstWords: [Substring]
        private var exact: [Substring: [Int]] = [:]
        private var tolerantByFirst: [UInt8: [Int]] = [:]
        private var tolerantByLast: [UInt8: [Int]] = [:]

        init(_ table: [(kind: DocumentKind, words: [Substring])]) {
            firstWords = table.map { $0.words.first ?? "" }
            for (index, word) in firstWords.enumerated() {
                exact[word, default: []].append(index)
                // FuzzyMatch tolerates edits only in targets of 6 letters or more.
                guard word.utf8.count >= 6, let first = word.utf8.first, let last = word.utf8.last else { continue }
                tolerantByFirst[first, default: []].append(index)
                tolerantByLast[last, default: []].append(index)
            }
        }

        /// Indices of the phrases whose first word matches `word`, in the table's order.
        func phrases(startingWith word: Substring) -> [Int] {
            var candidates = exact[word] ?? []
            if word.utf8.count >= 5, let first = word.utf8.first, let last = word.utf8.last {
                candidates += (tolerantByFirst[first] ?? []) + (tolerantByLast[last] ?? [])
            }
            guard !candidates.isEmpty else { return [] }
            return Set(candidates).filter { FuzzyMatch.matches(word, firstWords[$0]) }.sorted()
        }
    }

    private static let primaryFirstWords = FirstWordIndex(primaryHeadingWords)
    private static let secondaryFirstWords = FirstWordIndex(secondaryHeadingWords)

    /// `line.count <= 100`, walking the grapheme clusters only of lines over 100 UTF-8 bytes (a
    /// character is at least one byte).
    private static func atMost100Characters(_ line: Substring) -> Bool {
        line.utf8.count <= 100 || line.count <= 100
    }

    /// The heading phrases split into words once, in the kinds' declaration order.
    private static let primaryHeadingWords = splitPhrases(Vocabulary.primaryHeadings)
    private static let secondaryHeadingWords = splitPhrases(Vocabulary.secondaryHeadings)

    private static func splitPhrases(_ table: [DocumentKind: [String]]) -> [(kind: DocumentKind, words: [Substring])] {
        DocumentKind.allCases.flatMap { kind in (table[kind] ?? []).map { (kind, $0.split(separator: " ")) } }
    }

    /// Year ranges on a line: a year, up to two linking tokens (`to`, `à`, `até`, a month, `03`), then a
    /// later year or an open end (`present`, `à ce jour`, `atual`); also `since 2019`, `depuis 2019`.
    static func yearRanges(in tokens: [Substring]) -> Int {
        var count = 0
        var index = 0
        while index < tokens.count {
            guard let year = year(tokens[index]) else {
                if Self.sinceWords.contains(tokens[index]), index + 1 < tokens.count, Self.year(tokens[index + 1]) != nil {
                    count += 1
                    index += 2
                    continue
                }
                index += 1
                continue
            }
            var probe = index + 1
            var links = 0
            var matched = false
            while probe < tokens.count, links <= 3 {
                let token = tokens[probe]
                if let end = Self.year(token), end >= year, end - year <= 50 {
                    matched = true
                    break
                }
                if Self.openEnds.contains(token) {
                    matched = true
                    break
                }
                if Self.rangeLinks.contains(token) || (token.count <= 2 && token.allSatisfy(\.isNumber)) {
                    links += 1
                    probe += 1
                    continue
                }
                break
            }
            if matched {
                count += 1
                index = probe + 1
            } else {
                index += 1
            }
        }
        return count
    }

    private static func year(_ token: Substring) -> Int? {
        // Four ASCII digits, read from the bytes: a token of 4 UTF-8 bytes has at most 4 characters.
        let bytes = token.utf8
        guard bytes.count == 4, bytes.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
        let value = bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return (1950...2039).contains(value) ? value : nil
    }

    /// The vocabulary's word sets as substrings, so tokens are looked up without a copy each.
    private static let openEnds = Set(Vocabulary.openEnds.map { Substring($0) })
    private static let rangeLinks = Set(Vocabulary.rangeLinks.map { Substring($0) })
    private static let sinceWords: Set<Substring> = ["since", "depuis", "desde"]
    private static let stepWords = Set(Vocabulary.stepWords.map { Substring($0) })
    private static let stepCodePrefixes = Vocabulary.stepCodePrefixes.map { Array($0.utf8) }
    private static let romanSteps: Set<Substring> = ["i", "ii", "iii", "iv", "v", "vi"]

    /// Numbered steps on a line: `Phase 1`, `Tâche 2.3`, `Month 4`, `M1`, `WP2`.
    static func steps(in tokens: [Substring]) -> Int {
        var count = 0
        for (index, token) in tokens.enumerated() {
            if Self.stepWords.contains(token), index + 1 < tokens.count {
                let next = tokens[index + 1]
                if next.allSatisfy(\.isNumber) && next.count <= 2 || Self.romanSteps.contains(next) { count += 1 }
                continue
            }
            guard index == 0 || tokens.count <= 12 else { continue }
            let bytes = token.utf8
            if bytes.allSatisfy({ $0 < 0x80 }) {
                // ASCII (nearly every token): a prefix and one or two digits, at most 4 bytes, on the bytes.
                guard bytes.count >= 2, bytes.count <= 4 else { continue }
                for prefix in Self.stepCodePrefixes where bytes.starts(with: prefix) {
                    let rest = bytes.dropFirst(prefix.count)
                    if !rest.isEmpty, rest.count <= 2, rest.allSatisfy({ $0 &- 0x30 < 10 }) {
                        count += 1
                        break
                    }
                }
            } else {
                // Other digits (`m²`, `M١`) count as characters do.
                for prefix in Vocabulary.stepCodePrefixes where token.hasPrefix(prefix) {
                    let rest = token.dropFirst(prefix.count)
                    if !rest.isEmpty, rest.count <= 2, rest.allSatisfy(\.isNumber) {
                        count += 1
                        break
                    }
                }
            }
        }
        return count
    }
}
