/// A text folded once into tokens, with the lines they came from, so that every vocabulary phrase
/// can be looked up through an index of first tokens instead of rescanning the text per phrase.
struct FoldedDocument {
    struct Line {
        /// The original line, trimmed.
        var raw: Substring
        /// Token range of the line in ``FoldedDocument/tokens``.
        var tokens: Range<Int>
        var startsWithBullet: Bool
    }

    private(set) var tokens: [Substring] = []
    private(set) var lines: [Line] = []
    /// Token → positions where it occurs.
    private var positions: [Substring: [Int]] = [:]

    /// Texts past this many characters are cut: classification needs the beginning of each section,
    /// not 500 pages, and time must stay bounded.
    static let maximumCharacters = 400_000

    init(_ text: String) {
        // A character takes at least one UTF-8 byte: counting characters (a walk over grapheme
        // clusters) is only needed when the bytes exceed the limit.
        let limited = text.utf8.count > Self.maximumCharacters && text.count > Self.maximumCharacters
            ? String(text.prefix(Self.maximumCharacters)) : text
        for rawLine in Self.lines(of: limited) {
            let trimmed = Self.trim(rawLine)
            guard !trimmed.isEmpty else { continue }
            let folded = TextFolding.fold(trimmed)
            let start = tokens.count
            for token in Self.words(of: folded) {
                positions[token, default: []].append(tokens.count)
                tokens.append(token)
            }
            let bullet = Self.startsWithBullet(trimmed)
            lines.append(Line(raw: trimmed, tokens: start..<tokens.count, startsWithBullet: bullet))
        }
    }

    /// The lines of `text`, split at LF, CR and form feed (a page break in pdftotext's output),
    /// a CR LF pair counting as one break. Scans the UTF-8 bytes: these separators are ASCII, so
    /// every split falls on a character boundary.
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D || byte == 0x0C else {
                utf8.formIndex(after: &index)
                continue
            }
            lines.append(text[start..<index])
            utf8.formIndex(after: &index)
            if byte == 0x0D, index != utf8.endIndex, utf8[index] == 0x0A { utf8.formIndex(after: &index) }
            start = index
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// Characters that open a bullet point, in a set rather than a string searched for every line.
    private static let bullets: Set<Character> = ["-", "•", "*", "–", "—", "·", "▪", "►", "✓"]

    /// The words of a folded line: split at its single spaces. On the bytes when the line is ASCII
    /// (nearly always); otherwise by characters, where a space followed by a combining mark that
    /// folding kept (an alphabetic one) is not a separator.
    static func words(of folded: String) -> [Substring] {
        guard folded.utf8.allSatisfy({ $0 < 0x80 }) else { return folded.split(separator: " ") }
        var words: [Substring] = []
        TextFolding.forEachWord(of: folded) { word in
            words.append(word)
            return true
        }
        return words
    }

    /// Whether a trimmed line opens with a bullet. When its first two bytes are ASCII, its first
    /// character is its first byte (only CR LF joins two ASCII scalars, and lines hold no break).
    private static func startsWithBullet(_ line: Substring) -> Bool {
        let utf8 = line.utf8
        guard let first = utf8.first else { return false }
        if first < 0x80, utf8.count == 1 || utf8[utf8.index(after: utf8.startIndex)] < 0x80 {
            return first == 0x2D || first == 0x2A   // - *
        }
        return line.first.map { bullets.contains($0) } ?? false
    }

    private static func trim(_ line: Substring) -> Substring {
        // Visible ASCII at both ends (nearly every line): nothing to trim. A character is whitespace
        // by its first scalar, and no whitespace scalar forms one character with a visible ASCII one.
        if let first = line.utf8.first, let last = line.utf8.last, first &- 0x21 < 0x5E, last &- 0x21 < 0x5E { return line }
        var line = line
        while let first = line.first, first.isWhitespace { line = line.dropFirst() }
        while let last = line.last, last.isWhitespace { line = line.dropLast() }
        return line
    }

    /// Token positions where `phrase` (already folded, space-separated) starts.
    func occurrences(of phrase: [Substring]) -> [Int] {
        guard let first = phrase.first, let starts = positions[first] else { return [] }
        if phrase.count == 1 { return starts }
        return starts.filter { start in
            guard start + phrase.count <= tokens.count else { return false }
            for offset in 1..<phrase.count where tokens[start + offset] != phrase[offset] { return false }
            return true
        }
    }

    /// The line holding token `position` (binary search).
    func lineIndex(ofToken position: Int) -> Int? {
        var low = 0, high = lines.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = lines[mid].tokens
            if position < range.lowerBound { high = mid - 1 } else if position >= range.upperBound { low = mid + 1 } else { return mid }
        }
        return nil
    }

    /// Token positions of `token` (exact).
    func positions(of token: Substring) -> [Int] { positions[token] ?? [] }
}
