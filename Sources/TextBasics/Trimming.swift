// The trimming helpers offerbox's targets share. Standard library only: MIME and OfferCore
// depend on this target, and it depends on nothing.
//
// Which helper to use is a matter of what counts as one unit:
// - `trimmingCharacters(in:)` and `trimmingWhitespace()` compare whole Characters (grapheme
//   clusters): `" \u{301}"` (a space carrying an accent) is not a space, and `"\r\n"` is one Character.
// - `trimmingASCIIWhitespace()` and `trimmingTrailingNewlines()` compare Unicode scalars (the
//   byte form compares bytes), as a protocol parser must: the CR of a CRLF goes on its own.

extension StringProtocol {
    /// Without the leading and trailing Characters that occur in `characters`: `"  a b\t"`
    /// trimmed of `" \t"` is `"a b"`. Whole Characters are compared, so a `"\r\n"` in the text
    /// is neither `"\r"` nor `"\n"` (use ``Swift/String/trimmingASCIIWhitespace()`` for protocol text).
    public func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = lastIndex(where: { !set.contains($0) }) ?? first
        return String(self[first...last])
    }

    /// Without leading and trailing white space in Unicode's sense (`Character.isWhitespace`:
    /// also no-break and ideographic spaces, line and paragraph separators, CRLF).
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace }) ?? first
        return String(self[first...last])
    }
}

extension String {
    /// Without leading and trailing SP, HT, CR and LF, compared scalar by scalar; any other
    /// scalar, a no-break space too, is kept.
    public func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isASCIIWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isASCIIWhitespace($0) }) else { return "" }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    /// Without the CRs and LFs at the end, however many (a line as libcurl hands it over).
    public func trimmingTrailingNewlines() -> String {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { $0 != "\r" && $0 != "\n" }) else { return "" }
        return String(scalars[...last])
    }

    /// Without `suffix` at the end, once: `"example.org."` dropping `"."` is `"example.org"`.
    public func droppingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

extension Array<UInt8> {
    /// Without leading and trailing SP, HT, CR and LF bytes; the array itself when there are none.
    /// Inlinable, as the MIME parser calls it for every header field: the optimizer sees its body
    /// as it saw the parser's own copy of it.
    @inlinable
    public func trimmingASCIIWhitespace() -> [UInt8] {
        var lower = 0
        var upper = count
        while lower < upper, Self.isASCIIWhitespace(self[lower]) { lower += 1 }
        while upper > lower, Self.isASCIIWhitespace(self[upper - 1]) { upper -= 1 }
        if lower == 0 && upper == count { return self }
        return Array(self[lower..<upper])
    }

    @inlinable
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

private func isASCIIWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
}
