import Testing
import MIME

/// `unit` concatenated `count` times (a plain loop: `joined()` is slow in debug builds).
func repeatedBytes(_ unit: [UInt8], _ count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(unit.count * count)
    for _ in 0..<count { bytes += unit }
    return bytes
}

/// Expectations from RFC 2047 section 8 (verbatim) and Python's `email.header.decode_header`.
@Suite("RFC 2047 encoded words")
struct EncodedWordsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let raw: String
        let text: String
        let defects: [Defect]
        var testDescription: String { raw }
        init(_ raw: String, _ text: String, _ defects: [Defect] = []) {
            self.raw = raw; self.text = text; self.defects = defects
        }
    }

    static func decode(_ raw: [UInt8], limits: ParserLimits = .default) -> (String, DefectSet) {
        var defects = DefectSet()
        let text = EncodedWords.decodeUnstructured(raw, using: CharsetDecoder(), limits: limits, defects: &defects)
        return (text, defects)
    }

    /// RFC 2047 section 8, "Examples", verbatim.
    static let rfcExamples: [Case] = [
        Case("=?US-ASCII?Q?Keith_Moore?=", "Keith Moore"),
        Case("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld Jørn Simonsen"),
        Case("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
        Case("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
             "If you can read this you understand the example."),
        Case("=?ISO-8859-1?Q?Olle_J=E4rnefors?=", "Olle Järnefors"),
        Case("=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?=", "Patrik Fältström"),
        Case("Nathaniel Borenstein\r\n    (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)",
             "Nathaniel Borenstein\r\n    (םולש ןב ילטפנ)"),
        Case("(=?ISO-8859-1?Q?a?=)", "(a)"),
        Case("(=?ISO-8859-1?Q?a?= b)", "(a b)"),
        Case("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"),
        Case("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"),
        Case("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)", "(ab)"),
        Case("(=?ISO-8859-1?Q?a_b?=)", "(a b)"),
        Case("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"),
    ]

    @Test("decodes the examples of RFC 2047 section 8", arguments: rfcExamples)
    func rfcExample(_ example: Case) {
        let (text, defects) = Self.decode(Array(example.raw.utf8))
        #expect(text == example.text)
        #expect(defects.isEmpty)
    }

    static let realWorld: [Case] = [
        // A character split across two words (é = C3 A9), in Q and in B.
        Case("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=", "café"),
        Case("=?UTF-8?B?Sm9zww==?= =?UTF-8?B?qSBHYXJjw61h?=", "José García"),
        Case("=?utf-8?b?ww==?==?utf-8?b?qQ==?=", "é"),
        Case("=?utf-8?B?5pel5pys6Kqe?=", "日本語"),
        Case("=?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=", "日本語"),
        Case("=?gb2312?B?1uzpRrv5?=", "朱镕基"),            // GBK-only character in a gb2312 word
        Case("=?ks_c_5601-1987?B?x9Gxub7u?=", "한국어"),
        Case("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore"),                // RFC 2231 section 5, verbatim
        Case("=?utf-8*pt-BR?Q?Proposta_t=C3=A9cnica?=", "Proposta técnica"),
        Case("=?UtF-8?q?a?= =?utf-8?Q?b?=", "ab"),                          // charset and encoding in any case
        Case("foo=?utf-8?q?bar?=baz", "foobarbaz"),                         // glued to text
        Case("Re: =?utf-8?q?Offre_t=C3=A9cnica?= (v2)", "Re: Offre técnica (v2)"),
        Case("=?utf-8?q?what is this??=", "what is this?"),                 // spaces and `?` in Q text
        Case("=?utf-8?q?Proposta t=C3=A9cnica?= final", "Proposta técnica final"),
        Case("=?utf-8?q?a=?= b", "a= b", [.invalidEncodedWord]),          // `=` without hex digits
        Case("=?utf-8?q?caf=C3=A9", "café", [.invalidEncodedWord]),       // missing `?=`
        Case("=?utf-8?q?broken =?utf-8?q?ok?=", "broken ok", [.invalidEncodedWord]),
        Case("=?utf-8?B?Y2Fmw6k?=", "café"),                                // base64 without padding
        Case("=?utf-8?B?Y2Fm!w6k=?=", "café", [.invalidEncodedWord]),     // junk inside base64
        Case("=?x-bogus?q?caf=C3=A9?=", "café", [.unknownCharset]),
        Case("=?utf-8?q?caf=E9?=", "café", [.invalidCharsetData]),         // latin1 bytes in a UTF-8 word
        Case("=??q?x?= =?utf-8?x?y?= =?utf-8?q", "=??q?x?= =?utf-8?x?y?= =?utf-8?q"),   // not encoded words
        Case("50% off =? maybe", "50% off =? maybe"),
        Case("=?utf-8?q??=", ""),
        Case("  padded subject \r", "padded subject"),                      // blanks at both ends dropped
        // From the mail-parser corpus (legacy/001, legacy/035), expectations from its JSON.
        Case(" =?utf-7?Q?Die_Hasen_und_die_Fr+APY-sche_=28Microsoft_Outlook_00=29?=",
             "Die Hasen und die Frösche (Microsoft Outlook 00)"),
        Case(" Die Hasen und die =?iso-8859-1?Q?Fr=F6sche?= (Netscape Messenger 4.7)",
             "Die Hasen und die Frösche (Netscape Messenger 4.7)"),
    ]

    @Test("decodes what real clients send", arguments: realWorld)
    func realWorldHeader(_ example: Case) {
        let (text, defects) = Self.decode(Array(example.raw.utf8))
        #expect(text == example.text)
        #expect(defects.names == example.defects.map(\.name))
    }

    @Test("raw UTF-8 in a header is kept as is, without a defect")
    func rawUTF8() {
        let (text, defects) = Self.decode(Array("Offre financière =?utf-8?q?=C3=A9?=".utf8))
        #expect(text == "Offre financière é")
        #expect(defects.isEmpty)
    }

    @Test("raw 8-bit bytes that are not UTF-8 are read in the fallback charset", arguments: [
        (nil as String?, "Offre financière"), ("iso-8859-1", "Offre financière"), ("koi8-r", "Offre financiХre"),
    ])
    func raw8Bit(_ fallback: String?, _ expected: String) {
        var defects = DefectSet()
        let raw = Array("Offre financi".utf8) + [0xE8] + Array("re".utf8)
        let text = EncodedWords.decodeUnstructured(raw, using: CharsetDecoder(), fallbackCharset: fallback, defects: &defects)
        #expect(text == expected)
        #expect(defects.contains(.raw8BitHeader))
    }

    struct PhraseCase: Sendable, CustomTestStringConvertible {
        let raw: String
        let name: String
        var testDescription: String { raw }
    }

    @Test("decodes display-name phrases, also with encoded words inside quotes", arguments: [
        PhraseCase(raw: "\"=?utf-8?Q?Jos=C3=A9?=\"", name: "José"),
        PhraseCase(raw: "  \"Doe, John\"  ", name: "Doe, John"),
        PhraseCase(raw: "=?utf-8?q?Jos=C3=A9?=   Garc=?utf-8?q?=C3=ADa?=", name: "José García"),
        PhraseCase(raw: "\"=?utf-8?Q?Jos=C3=A9?=\" \"=?utf-8?Q?_Garc=C3=ADa?=\"", name: "José García"),
        PhraseCase(raw: "John  \"Q. \\\"Jack\\\"\"  Public", name: "John Q. \"Jack\" Public"),
        PhraseCase(raw: "=?ISO-8859-1?Q?Andr=E9?= Pirard", name: "André Pirard"),
        PhraseCase(raw: "\"=?UTF-8?B?Sm9zw6k=?= Garc=?UTF-8?B?w61h?=\"", name: "José García"),
    ])
    func phrase(_ example: PhraseCase) {
        var defects = DefectSet()
        let name = EncodedWords.decodePhrase(Array(example.raw.utf8), using: CharsetDecoder(), defects: &defects)
        #expect(name == example.name)
        #expect(defects.isEmpty)
    }

    @Test("decodeWords decodes words anywhere, also inside quotes and comments")
    func decodeWordsAnywhere() {
        var defects = DefectSet()
        let text = EncodedWords.decodeWords(in: Array("\"=?utf-8?q?Jos=C3=A9?=\" (=?utf-8?q?Garc=C3=ADa?=)".utf8),
                                            using: CharsetDecoder(), defects: &defects)
        #expect(text == "\"José\" (García)")
        #expect(defects.isEmpty)
    }

    @Test("past maxEncodedWordsPerHeader the rest stays as written")
    func wordLimit() {
        var limits = ParserLimits()
        limits.maxEncodedWordsPerHeader = 2
        let (text, defects) = Self.decode(Array("=?utf-8?q?a?= =?utf-8?q?b?= =?utf-8?q?c?= d".utf8), limits: limits)
        #expect(text == "ab =?utf-8?q?c?= d")
        #expect(defects.contains(.encodedWordLimit))
    }

    @Test("100,000 encoded words in one header decode in linear time")
    func manyWords() {
        var limits = ParserLimits()
        limits.maxEncodedWordsPerHeader = 200_000
        let word = Array("=?utf-8?q?caf=C3=A9?= ".utf8)
        let raw = repeatedBytes(word, 100_000)
        let clock = ContinuousClock()
        var text = ""
        var defects = DefectSet()
        let elapsed = clock.measure { (text, defects) = Self.decode(raw, limits: limits) }
        #expect(text.utf8.count == 100_000 * 5)   // "café" each; blanks between words and at the end dropped
        #expect(defects.isEmpty)
        #expect(elapsed < .seconds(5))
    }

    @Test("hostile headers full of word starts finish fast", arguments: [
        "=?", "=?utf-8?q?", "=?utf-8?q?x ", "=?utf-8?b?", "=?a?", "=?utf-8?q?a?=",
    ])
    func hostileRepetition(_ unit: String) {
        let raw = repeatedBytes(Array(unit.utf8), 100_000)
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = Self.decode(raw).0 }
        #expect(!text.isEmpty)
        #expect(elapsed < .seconds(5))
    }
}
