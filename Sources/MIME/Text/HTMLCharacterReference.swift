/// Character references (`&eacute;`, `&#233;`, `&#xE9;`) as HTML5 reads them in text
/// ([HTML § 13.2.5.72](https://html.spec.whatwg.org/multipage/parsing.html#character-reference-state)).
///
/// Matches Python's `html.unescape`, which is used to check it: every HTML5 name; legacy names without
/// `;` (`&amp`, `&eacute`) also as the longest prefix of a longer word (`&notit;` → `¬it;`); numbers with
/// or without `;`, Windows-1252 meanings for 0x80...0x9F (`&#150;` → `–`), U+FFFD for 0, surrogates and
/// numbers past U+10FFFF, and nothing for the control and noncharacter numbers Python drops.
/// Anything else (`&foo;`, `AT&T`, `& `) stays as it is.
enum HTMLCharacterReference {
    /// What a reference at an `&` decodes to.
    struct Match {
        /// UTF-8 of the characters (empty for a dropped control character).
        var utf8: [UInt8]
        /// Bytes of input the reference spans, from the `&` included.
        var length: Int
    }

    /// The reference starting at `input[start]` (which is `&`), or nil when the `&` is literal.
    static func match(in input: UnsafeBufferPointer<UInt8>, at start: Int) -> Match? {
        let next = start &+ 1
        guard next < input.count else { return nil }
        if input[next] == UInt8(ascii: "#") { return numeric(in: input, at: start) }
        return named(in: input, at: start)
    }

    private static func named(in input: UnsafeBufferPointer<UInt8>, at start: Int) -> Match? {
        let nameStart = start &+ 1
        var nameEnd = nameStart
        while nameEnd < input.count, nameEnd &- nameStart < HTMLEntities.longestName, isAlphanumeric(input[nameEnd]) {
            nameEnd &+= 1
        }
        let nameLength = nameEnd &- nameStart
        guard nameLength > 0 else { return nil }
        if nameEnd < input.count, input[nameEnd] == UInt8(ascii: ";"),
            let value = HTMLEntities.table[String(decoding: input[nameStart...nameEnd], as: UTF8.self)]
        {
            return Match(utf8: value, length: nameLength &+ 2)
        }
        // Legacy names are recognized without `;`, even glued to a longer word.
        var length = min(nameLength, HTMLEntities.longestLegacyName)
        while length >= 2 {
            let name = String(decoding: input[nameStart..<(nameStart &+ length)], as: UTF8.self)
            if let value = HTMLEntities.table[name] { return Match(utf8: value, length: length &+ 1) }
            length &-= 1
        }
        return nil
    }

    private static func numeric(in input: UnsafeBufferPointer<UInt8>, at start: Int) -> Match? {
        var index = start &+ 2
        var radix: UInt32 = 10
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            index &+= 1
        }
        let digitsStart = index
        var value: UInt32 = 0
        while index < input.count, let digit = digitValue(input[index], radix: radix) {
            // Saturate: anything past U+10FFFF is U+FFFD anyway.
            value = min(value &* radix &+ digit, 0x11_0000)
            index &+= 1
        }
        guard index > digitsStart else { return nil }
        if index < input.count, input[index] == UInt8(ascii: ";") { index &+= 1 }
        return Match(utf8: utf8(ofNumber: value), length: index &- start)
    }

    /// The characters a numeric reference stands for, as UTF-8.
    static func utf8(ofNumber number: UInt32) -> [UInt8] {
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        if number == 0 || number > 0x10_FFFF || (0xD800...0xDFFF).contains(number) { return replacement }
        if (0x80...0x9F).contains(number) {
            let mapped = windows1252[Int(number &- 0x80)]
            return utf8(ofScalar: mapped != 0 ? mapped : number)
        }
        if isDroppedCodePoint(number) { return [] }
        return utf8(ofScalar: number)
    }

    /// Python's `html._invalid_codepoints`: C0 controls but tab, LF, FF, CR; DEL and C1; noncharacters.
    private static func isDroppedCodePoint(_ number: UInt32) -> Bool {
        switch number {
        case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: return true
        default: return number & 0xFFFE == 0xFFFE
        }
    }

    static func utf8(ofScalar value: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(value) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(scalar)).utf8)
    }

    /// HTML5's reading of `&#128;`...`&#159;` as Windows-1252; 0 where the number keeps its own meaning
    /// (and, as in Python, is not dropped as a C1 control).
    private static let windows1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    @inline(__always)
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { return UInt32(byte &- UInt8(ascii: "0")) }
        guard radix == 16 else { return nil }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "f") { return UInt32(lower &- UInt8(ascii: "a") &+ 10) }
        return nil
    }
}
