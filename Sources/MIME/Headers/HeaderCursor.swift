/// A position in a structured header value, with the RFC 5322/2045 lexical pieces
/// (blanks, comments, tokens, quoted strings) that Content-Type and Content-Disposition use.
///
/// Every method only moves forward, so a parse is linear in the value.
struct HeaderCursor {
    let input: UnsafeBufferPointer<UInt8>
    var index: Int

    init(_ input: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.input = input
        self.index = index
    }

    var isAtEnd: Bool { index >= input.count }

    var current: UInt8? { index < input.count ? input[index] : nil }

    func byte(at offset: Int) -> UInt8? {
        let position = index &+ offset
        return position >= 0 && position < input.count ? input[position] : nil
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// RFC 2045 section 5.1 `token`: printable ASCII except blanks and tspecials `()<>@,;:\"/[]?=`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""),
             UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="):
            return false
        default:
            return true
        }
    }

    mutating func skipBlanks() {
        while let byte = current, Self.isBlank(byte) { index &+= 1 }
    }

    /// Skips blanks and RFC 5322 section 3.2.2 comments (nested, with `\` escapes; an unclosed one runs to the end).
    mutating func skipCFWS() {
        while let byte = current {
            if Self.isBlank(byte) {
                index &+= 1
            } else if byte == UInt8(ascii: "(") {
                skipComment()
            } else {
                return
            }
        }
    }

    private mutating func skipComment() {
        var depth = 0
        while let byte = current {
            index &+= 1
            switch byte {
            case UInt8(ascii: "\\"): index &+= 1
            case UInt8(ascii: "("): depth &+= 1
            case UInt8(ascii: ")"):
                depth &-= 1
                if depth == 0 { return }
            default: break
            }
        }
        index = min(index, input.count)
    }

    /// The token at the cursor, ASCII-lowercased; empty when there is none.
    mutating func lowercasedToken() -> String {
        let start = index
        while let byte = current, Self.isTokenByte(byte) { index &+= 1 }
        return Self.lowercased(input, start..<index)
    }

    /// Whether a token ends here and `=` follows it (after optional blanks): the shape of a parameter.
    func tokenIsFollowedByEquals(from start: Int) -> Bool {
        var position = start
        while position < input.count, Self.isTokenByte(input[position]) { position &+= 1 }
        guard position > start else { return false }
        while position < input.count, Self.isBlank(input[position]) { position &+= 1 }
        return position < input.count && input[position] == UInt8(ascii: "=")
    }

    static func lowercased(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for position in range {
            let byte = input[position]
            bytes.append((byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
