import MIME
import Testing

/// One decoding expectation for quoted-printable.
struct QuotedPrintableCase: Sendable, CustomTestStringConvertible {
    var input: String
    var expected: [UInt8]
    var defects: [Defect]
    var note: String

    /// `expected` is read as Latin-1 (each character one byte), so `é` stands for the byte 0xE9.
    init(_ input: String, _ expected: String, _ defects: [Defect] = [], _ note: String = "") {
        self.input = input
        self.expected = expected.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        self.defects = defects
        self.note = note
    }

    var testDescription: String { input.debugDescription + (note.isEmpty ? "" : " (\(note))") }
}

@Suite("Quoted-printable decoding (RFC 2045 6.7)")
struct QuotedPrintableTests {
    private func decode(
        _ input: String,
        _ compatibility: QuotedPrintableDecoder.Compatibility = .rfc2045
    ) -> ([UInt8], DefectSet) {
        var defects = DefectSet()
        let output = QuotedPrintableDecoder.decode(Array(input.utf8), compatibility: compatibility, defects: &defects)
        return (output, defects)
    }

    @Test(
        "RFC 2045 6.7 rules",
        arguments: [
            QuotedPrintableCase("a=3Db", "a=b", [], "rule 1: =XX is the byte XX"),
            QuotedPrintableCase("caf=E9", "café", [], "rule 1, 8-bit byte"),
            QuotedPrintableCase("tab\there", "tab\there", [], "rule 2: literal representation"),
            QuotedPrintableCase("end   \r\nnext\t \r\n", "end\r\nnext\r\n", [], "rule 3: trailing white space is deleted"),
            QuotedPrintableCase("kept=20\r\n", "kept \r\n", [], "rule 3: encoded white space stays"),
            QuotedPrintableCase("line one\r\nline two", "line one\r\nline two", [], "rule 4: line breaks stay"),
            QuotedPrintableCase(
                "Now's the time =\r\nfor all folk to come=\r\n to the aid of their country.",
                "Now's the time for all folk to come to the aid of their country.", [], "rule 5, the RFC's own example"
            ),
        ]
    )
    func rfcRules(_ testCase: QuotedPrintableCase) {
        let (output, defects) = decode(testCase.input)
        #expect(output == testCase.expected)
        #expect(defects == DefectSet(testCase.defects))
    }

    /// Python's results are from `quopri.decodestring` and `binascii.a2b_qp`, Python 3.11.7 (they agree);
    /// GMime's from `g_mime_encoding_quoted_decode_step`, GMime 3.2.13.
    @Test(
        "tolerant decoding, checked against Python",
        arguments: [
            QuotedPrintableCase("a=3db", "a=b", [], "lowercase hex accepted; Python and GMime agree"),
            QuotedPrintableCase("a=G1b", "a=G1b", [.invalidQuotedPrintable], "bad escape kept; Python agrees"),
            QuotedPrintableCase("a=4", "a=4", [.invalidQuotedPrintable], "truncated escape at the end; Python agrees"),
            QuotedPrintableCase("a=", "a", [], "= at the very end is a soft break; Python and GMime agree"),
            QuotedPrintableCase("a=\nb", "ab", [], "LF soft break; Python agrees"),
            QuotedPrintableCase("a=\r\nb", "ab", [], "CRLF soft break; Python agrees"),
            QuotedPrintableCase("a= \nb", "ab", [], "white space after the soft-break =; Python keeps \"a= \\nb\""),
            QuotedPrintableCase("a=  \t\r\nb", "ab", [], "Python keeps it"),
            QuotedPrintableCase("a  \nb", "a\nb", [], "trailing spaces deleted; Python keeps them"),
            QuotedPrintableCase("a=20  \nb", "a \nb", [], "Python keeps the two spaces"),
            QuotedPrintableCase("caf=E9 =\n  x", "café   x", [], "spaces before a soft break stay; Python agrees"),
            QuotedPrintableCase("a\rb", "a\rb", [], "a bare CR is data; Python agrees"),
            QuotedPrintableCase("a=\rb", "a=\rb", [.invalidQuotedPrintable], "= before a bare CR is literal as in GMime; Python drops \"\\rb\""),
            QuotedPrintableCase("l1\nl2\n", "l1\nl2\n", [], "LF line ends stay LF"),
            QuotedPrintableCase("l1\r\nl2\r\n", "l1\r\nl2\r\n", [], "CRLF line ends stay CRLF"),
            QuotedPrintableCase("trailing   ", "trailing", [], "trailing white space at the end of the body"),
            QuotedPrintableCase("==41", "=A", [.invalidQuotedPrintable], "an = that escapes nothing, then an escape"),
            QuotedPrintableCase("", "", [], "empty body"),
        ]
    )
    func tolerantDecoding(_ testCase: QuotedPrintableCase) {
        let (output, defects) = decode(testCase.input)
        #expect(output == testCase.expected)
        #expect(defects == DefectSet(testCase.defects))
    }

    @Test(
        "the Python-and-GMime reading keeps trailing white space and = before white space",
        arguments: [
            QuotedPrintableCase("a= \nb", "a= \nb", [.invalidQuotedPrintable], "Python gives a= \\nb"),
            QuotedPrintableCase("a  \nb", "a  \nb", [], "Python gives a  \\nb"),
            QuotedPrintableCase("a=20  \nb", "a   \nb", [], "Python gives a   \\nb"),
            QuotedPrintableCase("a=\nb", "ab", [], "soft breaks are the same"),
        ]
    )
    func pythonCompatibility(_ testCase: QuotedPrintableCase) {
        let (output, defects) = decode(testCase.input, .pythonAndGMime)
        #expect(output == testCase.expected)
        #expect(defects == DefectSet(testCase.defects))
    }

    /// Outlook sends Windows-1252 with =XX escapes and soft breaks at 76 columns; expected text checked
    /// with `quopri.decodestring`.
    @Test("an Outlook body in Windows-1252 with soft breaks")
    func outlookBody() {
        let body = """
            Bonjour Madame,\r
            \r
            Veuillez trouver ci-joint notre offre financi=E8re ainsi que le CV de l'exp=\r
            ert principal. La r=E9union de lancement est pr=E9vue le 12 juin =E0 10h.=20\r
            \r
            Cordialement,\r
            \r
            Fran=E7ois M=FCller\r
            Directeur technique =96 Soci=E9t=E9 G=E9n=E9rale d'=C9tudes\r

            """
        let expected = QuotedPrintableCase(
            "",
            "Bonjour Madame,\r\n\r\nVeuillez trouver ci-joint notre offre financière ainsi que le CV de l'expert principal. "
                + "La réunion de lancement est prévue le 12 juin à 10h. \r\n\r\nCordialement,\r\n\r\nFrançois Müller\r\n"
                + "Directeur technique \u{96} Société Générale d'Études\r\n"
        ).expected
        let (output, defects) = decode(body)
        #expect(output == expected)
        #expect(defects.isEmpty)
    }

    /// Gmail sends UTF-8; expected text checked with `quopri.decodestring(...).decode()`.
    @Test("a Gmail body in UTF-8")
    func gmailBody() {
        let body = "Hola Mar=C3=ADa,\r\n\r\nTe env=C3=ADo la propuesta t=C3=A9cnica y el presupuesto (10.000 =E2=82=AC)=\r\n"
            + ". =C2=BFPodr=C3=ADas confirmar la recepci=C3=B3n?\r\n\r\nGracias =E2=80=94 Jo=C3=A3o\r\n"
        let (output, defects) = decode(body)
        #expect(String(decoding: output, as: UTF8.self)
            == "Hola María,\r\n\r\nTe envío la propuesta técnica y el presupuesto (10.000 €). ¿Podrías confirmar la recepción?\r\n\r\nGracias — João\r\n")
        #expect(defects.isEmpty)
    }

    @Test("every byte value round-trips when escaped, upper or lower case, with soft breaks", arguments: [false, true])
    func everyByteValue(lowercase: Bool) {
        let digits = Array((lowercase ? "0123456789abcdef" : "0123456789ABCDEF").utf8)
        var encoded: [UInt8] = []
        var column = 0
        for value in 0...255 {
            if column >= 72 {
                encoded += Array("=\r\n".utf8)
                column = 0
            }
            encoded += [UInt8(ascii: "="), digits[value >> 4], digits[value & 15]]
            column += 3
        }
        var defects = DefectSet()
        let output = QuotedPrintableDecoder.decode(encoded, defects: &defects)
        #expect(output == (0...255).map { UInt8($0) })
        #expect(defects.isEmpty)
    }

    /// Lines long enough to cross the 8-byte fast path at every alignment, with escapes at every offset.
    @Test("an escape at any offset of a line decodes the same")
    func escapeAtEveryOffset() {
        let plain = Array("The offer is due on Friday at noon, Brussels time.".utf8)
        for offset in 0...plain.count {
            var encoded = plain
            encoded.insert(contentsOf: Array("=3D".utf8), at: offset)
            var expected = plain
            expected.insert(UInt8(ascii: "="), at: offset)
            var defects = DefectSet()
            #expect(QuotedPrintableDecoder.decode(encoded, defects: &defects) == expected, "offset \(offset)")
            #expect(defects.isEmpty)
        }
    }

    @Test("huge bodies stay linear: a 10 MB line, 5 MB of trailing spaces, a million escapes")
    func hugeBodies() {
        var defects = DefectSet()
        let longLine = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000) + Array("=\r\nb".utf8)
        #expect(QuotedPrintableDecoder.decode(longLine, defects: &defects).count == 10_000_001)
        let spaces = Array("x".utf8) + [UInt8](repeating: UInt8(ascii: " "), count: 5_000_000) + Array("\r\ny".utf8)
        #expect(QuotedPrintableDecoder.decode(spaces, defects: &defects) == Array("x\r\ny".utf8))
        let escapes = [[UInt8]](repeating: Array("=41".utf8), count: 1_000_000).flatMap { $0 }
        #expect(QuotedPrintableDecoder.decode(escapes, defects: &defects) == [UInt8](repeating: UInt8(ascii: "A"), count: 1_000_000))
        let equalsAndSpaces = [[UInt8]](repeating: Array("=    ".utf8), count: 200_000).flatMap { $0 } + Array("x".utf8)
        #expect(QuotedPrintableDecoder.decode(equalsAndSpaces, defects: &defects).count == 1_000_001)
        #expect(defects == DefectSet([.invalidQuotedPrintable]))
    }
}
