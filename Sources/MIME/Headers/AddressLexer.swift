/// The lexical tokens of an RFC 5322 address list (section 3.2: atoms, quoted strings, comments,
/// domain literals and the specials that give a list its structure).
///
/// `.` is kept inside atoms, so that the obsolete phrases of section 4.1 (`Joe Q. Public`) and
/// dot-atoms (`john.q.public`) are both single words; address assembly joins words on dots.
struct AddressToken {
    enum Kind: UInt8 {
        case atom, quotedString, comment, domainLiteral
        case openAngle, closeAngle, at, comma, semicolon, colon
    }

    var kind: Kind
    /// Content range in the input: without the quotes of a quoted string or the parentheses of a
    /// comment, with the brackets of a domain literal.
    var start: Int
    var end: Int
    /// White space or a comment separates this token from the previous one.
    var spaceBefore: Bool
    /// The content holds quoted-pairs (`\"`) that must be unescaped.
    var hasQuotedPairs: Bool
}

/// Splits an unfolded address-list value into ``AddressToken``s, in one pass.
///
/// Hostile input cannot make it slow or deep: comment nesting is a counter, not recursion, and
/// after the first unterminated quoted string (or comment) later `"` (or `(`) are plain
/// separators, so no byte is rescanned more than twice.
struct AddressLexer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var quotesAreLiteral = false
    private var commentsAreLiteral = false
    private var noEncodedWordBefore = 0
    /// Something malformed was skipped or repaired (unterminated quote, stray `)`).
    private(set) var sawMalformedSyntax = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func next() -> AddressToken? {
        var spaceBefore = false
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A:
                position += 1
                spaceBefore = true
            case UInt8(ascii: "("):
                if commentsAreLiteral {
                    position += 1
                    spaceBefore = true
                    continue
                }
                if let token = comment(spaceBefore: spaceBefore) { return token }
                spaceBefore = true
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                sawMalformedSyntax = true
                position += 1
                spaceBefore = true
            case UInt8(ascii: "\""):
                if quotesAreLiteral {
                    position += 1
                    spaceBefore = true
                    continue
                }
                if let token = quotedString(spaceBefore: spaceBefore) { return token }
                spaceBefore = true
            case UInt8(ascii: "["):
                return domainLiteral(spaceBefore: spaceBefore)
            case UInt8(ascii: "<"): return special(.openAngle, spaceBefore)
            case UInt8(ascii: ">"): return special(.closeAngle, spaceBefore)
            case UInt8(ascii: "@"): return special(.at, spaceBefore)
            case UInt8(ascii: ","): return special(.comma, spaceBefore)
            case UInt8(ascii: ";"): return special(.semicolon, spaceBefore)
            case UInt8(ascii: ":"): return special(.colon, spaceBefore)
            default:
                return atom(spaceBefore: spaceBefore)
            }
        }
        return nil
    }

    private mutating func special(_ kind: AddressToken.Kind, _ spaceBefore: Bool) -> AddressToken {
        position += 1
        return AddressToken(kind: kind, start: position - 1, end: position, spaceBefore: spaceBefore,
                            hasQuotedPairs: false)
    }

    private mutating func atom(spaceBefore: Bool) -> AddressToken {
        let start = position
        if let end = encodedWordEnd(from: start) {
            position = end
        } else {
            while position < bytes.count, !Self.endsAtom(bytes[position]) { position += 1 }
        }
        return AddressToken(kind: .atom, start: start, end: position, spaceBefore: spaceBefore, hasQuotedPairs: false)
    }

    /// Encoders that leave `,` `:` `;` `@` unencoded in a Q encoded word (`=?utf-8?Q?Diallo,_Awa?=`,
    /// forbidden in a phrase by RFC 2047 section 5) would see their name split at the comma: an
    /// atom that starts as an encoded word runs to its `?=`, over specials but not white space.
    ///
    /// Linear: the charset scan stops at the next `?`, and a text scan that meets white space
    /// without `?=` marks that stretch, so that `=?a?q?=?b?q?...` is not rescanned.
    private mutating func encodedWordEnd(from start: Int) -> Int? {
        guard start >= noEncodedWordBefore, start + 1 < bytes.count,
              bytes[start] == UInt8(ascii: "="), bytes[start + 1] == UInt8(ascii: "?") else { return nil }
        var index = start + 2
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            if Self.isSpace(bytes[index]) { return nil }
            index += 1
        }
        index += 1
        guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?") else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "q"), UInt8(ascii: "Q"): break
        default: return nil
        }
        index += 2
        while index + 1 < bytes.count, !Self.isSpace(bytes[index]) {
            if bytes[index] == UInt8(ascii: "?"), bytes[index + 1] == UInt8(ascii: "=") { return index + 2 }
            index += 1
        }
        noEncodedWordBefore = index
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// A quoted string (section 3.2.4), or nil when it is unterminated: then the quote is dropped
    /// and its content is read again as ordinary tokens (`"Bob <bob@x>` still gives bob@x).
    private mutating func quotedString(spaceBefore: Bool) -> AddressToken? {
        let start = position + 1
        var index = start
        var hasQuotedPairs = false
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                position = index + 1
                return AddressToken(kind: .quotedString, start: start, end: index, spaceBefore: spaceBefore,
                                    hasQuotedPairs: hasQuotedPairs)
            case UInt8(ascii: "\\"):
                hasQuotedPairs = true
                index += 2
            default:
                index += 1
            }
        }
        sawMalformedSyntax = true
        quotesAreLiteral = true
        position = start
        return nil
    }

    /// A comment (section 3.2.2), nesting counted; nil when it is unterminated (then its content is
    /// read again as ordinary tokens).
    private mutating func comment(spaceBefore: Bool) -> AddressToken? {
        let start = position + 1
        var index = start
        var depth = 1
        var hasQuotedPairs = false
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "("):
                depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 {
                    position = index + 1
                    return AddressToken(kind: .comment, start: start, end: index, spaceBefore: spaceBefore,
                                        hasQuotedPairs: hasQuotedPairs)
                }
            case UInt8(ascii: "\\"):
                hasQuotedPairs = true
                index += 1
            default:
                break
            }
            index += 1
        }
        sawMalformedSyntax = true
        commentsAreLiteral = true
        position = start
        return nil
    }

    /// `[192.0.2.1]` (section 3.4.1). An unterminated literal ends before the next list special.
    private mutating func domainLiteral(spaceBefore: Bool) -> AddressToken {
        let start = position
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "]") {
                position += 1
                return AddressToken(kind: .domainLiteral, start: start, end: position, spaceBefore: spaceBefore,
                                    hasQuotedPairs: false)
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "[") { break }
            position += 1
        }
        sawMalformedSyntax = true
        return AddressToken(kind: .domainLiteral, start: start, end: position, spaceBefore: spaceBefore,
                            hasQuotedPairs: false)
    }

    private static func endsAtom(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0D, 0x0A,
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "@"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
             UInt8(ascii: "\""), UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
}
