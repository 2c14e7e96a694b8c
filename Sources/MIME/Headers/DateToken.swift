/// A word, number or punctuation byte of a Date value (RFC 5322 section 3.3), comments removed.
struct DateToken {
    enum Kind { case number, word, symbol }

    var kind: Kind
    /// Number: its value, capped at 999,999,999 (``digits`` tells the real length).
    /// Symbol: the byte.
    var value: Int
    /// Number: how many digits were written (`06` has 2). Word: its length.
    var digits: Int
    /// Word: the ASCII letters, lowercased, when at most 15 long (longer words are never names).
    var word: String
    /// White space or a comment precedes the token.
    var spaceBefore: Bool

    /// At most this many tokens are read: a real date has about 15, the rest is junk, and the
    /// cap makes a 1 MB value cost no more than the scan to its 64th token.
    static let maximumCount = 64

    /// Splits `bytes` into tokens; `truncated` says whether tokens were left unread.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> (tokens: [DateToken], truncated: Bool) {
        var tokens: [DateToken] = []
        var index = 0
        var spaceBefore = false
        while index < bytes.count {
            if tokens.count == maximumCount { return (tokens, true) }
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A:
                spaceBefore = true
                index += 1
            case UInt8(ascii: "("):
                index = endOfComment(bytes, from: index)
                spaceBefore = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var value = 0
                var digits = 0
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    if value < 100_000_000 { value = value * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                    else { value = 999_999_999 }
                    digits += 1
                    index += 1
                }
                tokens.append(DateToken(kind: .number, value: value, digits: digits, word: "", spaceBefore: spaceBefore))
                spaceBefore = false
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                let start = index
                while index < bytes.count, Self.isLetter(bytes[index]) { index += 1 }
                let length = index - start
                var word = ""
                if length <= 15 {
                    word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]).lazy.map { $0 | 0x20 },
                                  as: UTF8.self)
                }
                tokens.append(DateToken(kind: .word, value: 0, digits: length, word: word, spaceBefore: spaceBefore))
                spaceBefore = false
            default:
                tokens.append(DateToken(kind: .symbol, value: Int(byte), digits: 0, word: "", spaceBefore: spaceBefore))
                spaceBefore = false
                index += 1
            }
        }
        return (tokens, false)
    }

    func isSymbol(_ ascii: Unicode.Scalar) -> Bool {
        kind == .symbol && value == Int(ascii.value)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// The index after the comment opening at `start`, nesting counted; the end when unterminated.
    private static func endOfComment(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        HeaderComment.end(in: bytes, from: start).end
    }
}
