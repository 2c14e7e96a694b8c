/// RFC 5322 section 3.2.2 comments: `(` ... `)`, nested, with quoted-pairs.
enum HeaderComment {
    /// The index after the comment opening at `start` (nesting counted, `\\x` skipped), and whether
    /// it was closed; an unterminated comment runs to the end of `bytes`.
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, terminated: Bool) {
        var depth = 0
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return (index + 1, true) }
            case UInt8(ascii: "\\"): index += 1
            default: break
            }
            index += 1
        }
        return (bytes.count, false)
    }
}
