import MIME
import Testing

@Suite("Content-Transfer-Encoding values and dispatch (RFC 2045 section 6)")
struct TransferEncodingTests {
    @Test(
        "header values are read case-insensitively, without white space, comments or quotes",
        arguments: [
            ("7bit", TransferEncoding.sevenBit), ("8bit", .eightBit), ("binary", .binary), ("base64", .base64),
            ("quoted-printable", .quotedPrintable), ("x-uuencode", .uuencode), ("uuencode", .uuencode),
            ("x-uue", .uuencode), ("uue", .uuencode),
            (" Base64 ", .base64), ("BASE64", .base64), ("Quoted-Printable", .quotedPrintable), ("8BIT", .eightBit),
            ("\r\n\tbase64", .base64), ("\"base64\"", .base64), ("base64 (scanned by gateway)", .base64),
            ("(leading (nested) comment) quoted-printable", .quotedPrintable), ("base64 (with \\) escaped paren)", .base64),
            ("base64; charset=utf-8", .base64),
        ]
    )
    func standardValues(value: String, expected: TransferEncoding) {
        #expect(TransferEncoding(value) == expected)
        #expect(TransferEncoding(headerValue: Array(value.utf8)) == expected)
    }

    /// Spellings real mailers produce; GMime takes `7-bit`/`8-bit`, Python takes `uue`.
    @Test(
        "common misspellings with -, _ or a space inside the word are accepted",
        arguments: [
            ("base-64", TransferEncoding.base64), ("Base_64", .base64), ("quoted_printable", .quotedPrintable),
            ("quoted printable", .quotedPrintable), ("quotedprintable", .quotedPrintable), ("7-bit", .sevenBit),
            ("8-bit", .eightBit), ("x_uuencode", .uuencode),
        ]
    )
    func misspellings(value: String, expected: TransferEncoding) {
        #expect(TransferEncoding(value) == expected)
    }

    @Test(
        "anything else is unknown, lowercased, abbreviations included",
        arguments: [
            ("qp", "qp"), ("b64", "b64"), ("X-Custom-Encoding", "x-custom-encoding"), ("base32", "base32"),
            ("  Weird   Value  ", "weird value"), ("7bit 8bit", "7bit 8bit"),
        ]
    )
    func unknownValues(value: String, expected: String) {
        #expect(TransferEncoding(value) == .unknown(expected))
    }

    @Test("an empty value is no value", arguments: ["", "   ", "\r\n ", "(only a comment)", "\"\"", "; charset=x"])
    func emptyValues(value: String) {
        #expect(TransferEncoding(value) == nil)
    }

    @Test(
        "the canonical name reads back as the same encoding",
        arguments: [TransferEncoding.sevenBit, .eightBit, .binary, .base64, .quotedPrintable, .uuencode, .unknown("x-foo")]
    )
    func nameRoundTrip(encoding: TransferEncoding) {
        #expect(TransferEncoding(encoding.name) == encoding)
        #expect(encoding.description == encoding.name)
    }

    @Test("identity encodings return the body unchanged and record nothing", arguments: [TransferEncoding.sevenBit, .eightBit, .binary])
    func identity(encoding: TransferEncoding) {
        let body = Array("=3D Zm9v\r\n\u{E9}".utf8)
        var defects = DefectSet()
        #expect(TransferDecoder.decode(body, encoding: encoding, defects: &defects) == body)
        #expect(defects.isEmpty)
    }

    @Test("an unknown encoding returns the body unchanged and records it")
    func unknownEncoding() {
        let body = Array("Zm9v".utf8)
        var defects = DefectSet()
        #expect(TransferDecoder.decode(body, encoding: .unknown("x-foo"), defects: &defects) == body)
        #expect(defects == DefectSet([.unknownTransferEncoding]))
    }

    @Test(
        "TransferDecoder dispatches to the right decoder",
        arguments: [
            (TransferEncoding.base64, "Zm9vYmFy", "foobar"),
            (.quotedPrintable, "caf=C3=A9=\r\n!", "café!"),
            (.uuencode, "begin 644 cat.txt\n#0V%T\n`\nend\n", "Cat"),
        ]
    )
    func dispatch(encoding: TransferEncoding, body: String, expected: String) {
        var defects = DefectSet()
        let output = Array(body.utf8).withUnsafeBytes { TransferDecoder.decode($0, encoding: encoding, defects: &defects) }
        #expect(output == Array(expected.utf8))
        #expect(defects.isEmpty)
    }
}
