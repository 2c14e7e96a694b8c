import Testing
import TextBasics

/// Each helper on ordinary text, on the edges (empty, nothing but what is trimmed), and on
/// non-ASCII text, where the unit (Character, scalar, byte) decides the answer.
@Suite("Trimming")
struct TrimmingTests {
    // MARK: trimmingCharacters(in:): whole Characters from a set

    @Test("trimmingCharacters(in:) drops the listed characters at both ends only", arguments: [
        ("  a b\t", " \t", "a b"),
        ("a", " ", "a"),
        ("", " \t", ""),
        (" \t \t", " \t", ""),
        ("<<a<b>>", "<>", "a<b"),
        ("  Diallo  ", "", "  Diallo  "),
        ("\u{00A0}é\u{00A0}", " ", "\u{00A0}é\u{00A0}"),
        ("——Zürich——", "—", "Zürich"),
    ])
    func trimmingCharacters(_ example: (text: String, set: String, expected: String)) {
        #expect(example.text.trimmingCharacters(in: example.set) == example.expected)
    }

    @Test("trimmingCharacters(in:) compares whole Characters: an accented space and CRLF are not in the set")
    func trimmingCharactersComparesCharacters() {
        // U+0301 joins the space before it into one Character, which is not " ".
        #expect(" \u{0301}a ".trimmingCharacters(in: " ") == " \u{0301}a")
        // "\r\n" is one Character: a set of "\r" and "\n" apart does not hold it.
        #expect("a\r\n".trimmingCharacters(in: "\r") == "a\r\n")
        #expect("a \r".trimmingCharacters(in: " \t\r") == "a")
    }

    @Test("trimmingCharacters(in:) works on a Substring and gives a String")
    func trimmingCharactersOnSubstring() {
        let line = "RCPT TO: <a@example.org> "
        #expect(line.dropFirst(8).trimmingCharacters(in: " ") == "<a@example.org>")
    }

    // MARK: trimmingWhitespace(): Unicode white space

    @Test("trimmingWhitespace() drops Unicode white space at both ends", arguments: [
        ("  12 500 ", "12 500"),
        ("", ""),
        (" \t\r\n ", ""),
        ("\u{00A0}\u{3000}Offre\u{2028}", "Offre"),
        ("a\r\n", "a"),
        ("é", "é"),
    ])
    func trimmingWhitespace(_ example: (text: String, expected: String)) {
        #expect(example.text.trimmingWhitespace() == example.expected)
    }

    // MARK: trimmingASCIIWhitespace(): SP HT CR LF, scalar by scalar

    @Test("trimmingASCIIWhitespace() drops SP, HT, CR and LF and keeps every other scalar", arguments: [
        (" \tinline\r\n", "inline"),
        ("", ""),
        ("\r\n \t", ""),
        ("\u{00A0}x\u{00A0}", "\u{00A0}x\u{00A0}"),
        ("  Ça va  ", "Ça va"),
        // Scalars, not Characters: the space goes and leaves the accent it carried.
        (" \u{0301}a", "\u{0301}a"),
    ])
    func trimmingASCIIWhitespace(_ example: (text: String, expected: String)) {
        #expect(example.text.trimmingASCIIWhitespace() == example.expected)
    }

    @Test("trimmingASCIIWhitespace() on bytes drops SP, HT, CR and LF bytes", arguments: [
        (Array(" \t value \r\n".utf8), Array("value".utf8)),
        ([], []),
        (Array(" \r\n\t".utf8), []),
        (Array("v".utf8), Array("v".utf8)),
        ([0xC2, 0xA0, 0x41, 0x20], [0xC2, 0xA0, 0x41]),
        ([0x0B, 0x41, 0x0C], [0x0B, 0x41, 0x0C]),
    ] as [([UInt8], [UInt8])])
    func trimmingASCIIWhitespaceBytes(_ example: (bytes: [UInt8], expected: [UInt8])) {
        #expect(example.bytes.trimmingASCIIWhitespace() == example.expected)
    }

    // MARK: trimmingTrailingNewlines()

    @Test("trimmingTrailingNewlines() drops every CR and LF at the end, nothing else", arguments: [
        ("Connected to 127.0.0.1\r\n", "Connected to 127.0.0.1"),
        ("a\n\r\n\r", "a"),
        ("", ""),
        ("\r\n\n", ""),
        ("\r\na b ", "\r\na b "),
        ("déjà\n", "déjà"),
    ])
    func trimmingTrailingNewlines(_ example: (text: String, expected: String)) {
        #expect(example.text.trimmingTrailingNewlines() == example.expected)
    }

    // MARK: droppingSuffix(_:)

    @Test("droppingSuffix(_:) drops the suffix once, and only when it is there", arguments: [
        ("example.org.", ".", "example.org"),
        ("example.org..", ".", "example.org."),
        ("example.org", ".", "example.org"),
        ("", ".", ""),
        (".", ".", ""),
        ("café.", ".", "café"),
        ("x", "", "x"),
    ])
    func droppingSuffix(_ example: (text: String, suffix: String, expected: String)) {
        #expect(example.text.droppingSuffix(example.suffix) == example.expected)
    }
}
