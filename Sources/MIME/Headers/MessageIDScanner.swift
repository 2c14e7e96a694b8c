/// The single pass behind ``MessageIDParser``: ids in angle brackets, bare words, and the
/// comments, quoted strings and separators between them.
enum MessageIDScanner {
    struct Result {
        var ids: [String] = []
        /// The first bare word without `@` (a last resort for Message-ID).
        var firstWord: String?
        var repaired = false
    }

    private struct Candidate {
        var text: String
        var bracketed: Bool
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var result = Result()
        var candidates: [Candidate] = []
        var index = 0
        var quotesAreLiteral = false
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D, 0x0A:
                index += 1
            case UInt8(ascii: "("):
                index = endOfComment(bytes, from: index, repaired: &result.repaired)
            case UInt8(ascii: "<"):
                index = readBracketed(bytes, from: index + 1, into: &candidates, repaired: &result.repaired)
            case UInt8(ascii: "\"") where !quotesAreLiteral:
                // Old In-Reply-To phrases quote dates and names: skip them whole.
                result.repaired = true
                if let end = endOfQuotedString(bytes, from: index) {
                    index = end
                } else {
                    quotesAreLiteral = true
                    index += 1
                }
            default:
                let start = index
                while index < bytes.count, !endsBareWord(bytes[index]) { index += 1 }
                if index == start { index += 1 }  // a lone `>` or `"`: junk
                let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
                result.repaired = true
                if word.contains(UInt8(ascii: "@")) {
                    candidates.append(Candidate(text: trimmedText(word), bracketed: false))
                } else if result.firstWord == nil, word.count > 1 || !isPunctuation(word[0]) {
                    result.firstWord = trimmedText(word)
                }
            }
        }
        let hasBracketed = candidates.contains { $0.bracketed }
        result.ids = candidates.filter { $0.bracketed || !hasBracketed }.map(\.text)
        return result
    }

    /// Reads an id after its `<`; returns the index after its `>`, or of the `<` that starts the next.
    private static func readBracketed(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        into candidates: inout [Candidate],
        repaired: inout Bool
    ) -> Int {
        var id: [UInt8] = []
        var pendingSpace = false
        /// Where white space separated two words (`<a b@x>`): a join, or, if `>` is missing, an end.
        var hardGaps: [Int] = []
        var index = start
        var closed = false
        loop: while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: ">"):
                index += 1
                closed = true
                break loop
            case UInt8(ascii: "<"):
                break loop
            case 0x20, 0x09, 0x0D, 0x0A:
                pendingSpace = true
                index += 1
            case UInt8(ascii: "("):
                pendingSpace = true
                index = endOfComment(bytes, from: index, repaired: &repaired)
            default:
                if pendingSpace, let last = id.last, !isJoiner(last), !isJoiner(byte) {
                    hardGaps.append(id.count)
                }
                pendingSpace = false
                id.append(byte)
                index += 1
            }
        }
        if !closed || !hardGaps.isEmpty { repaired = true }
        guard !id.isEmpty else {
            repaired = true
            return index
        }
        if closed || hardGaps.isEmpty {
            candidates.append(Candidate(text: text(id[...]), bracketed: true))
            return index
        }
        // `<a@x b@y`: the id ends at the first gap; later words count as if written bare.
        var segmentStart = 0
        for boundary in hardGaps + [id.count] {
            let segment = id[segmentStart..<boundary]
            segmentStart = boundary
            let isFirst = segment.startIndex == 0
            if isFirst || segment.contains(UInt8(ascii: "@")) {
                candidates.append(Candidate(text: text(segment), bracketed: true))
            }
        }
        return index
    }

    private static func isJoiner(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "@") || byte == UInt8(ascii: ".")
    }

    private static func endsBareWord(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: "<"), UInt8(ascii: "("), UInt8(ascii: "\""), UInt8(ascii: ","):
            return true
        default:
            return false
        }
    }

    private static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "\""):
            return true
        default:
            return false
        }
    }

    /// A bare word without the punctuation that clings to it in prose (`a@x,` `a@x>` `a@x;`).
    private static func trimmedText(_ word: UnsafeBufferPointer<UInt8>) -> String {
        var lower = 0
        var upper = word.count
        while lower < upper, isPunctuation(word[lower]) { lower += 1 }
        while upper > lower, isPunctuation(word[upper - 1]) { upper -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: word[lower..<upper]), as: UTF8.self)
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The index after the comment opening at `start`, nesting counted; the end (and `repaired`)
    /// when unterminated.
    private static func endOfComment(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, repaired: inout Bool) -> Int {
        let (end, terminated) = HeaderComment.end(in: bytes, from: start)
        if !terminated { repaired = true }
        return end
    }

    /// The index after the quoted string opening at `start`, nil when it is unterminated.
    private static func endOfQuotedString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""): return index + 1
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        return nil
    }
}
