import Foundation
import MIME
import Testing

/// One decoding expectation: input text, the bytes it decodes to, the defects recorded.
struct Base64Case: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var expected: [UInt8]
    var defects: [Defect]
    var note: String

    init(_ input: String, _ expected: String, _ defects: [Defect] = [], _ note: String = "") {
        self.init(bytes: Array(input.utf8), expected, defects, note)
    }

    init(bytes input: [UInt8], _ expected: String, _ defects: [Defect] = [], _ note: String = "") {
        self.input = input
        self.expected = Array(expected.utf8)
        self.defects = defects
        self.note = note
    }

    var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription + (note.isEmpty ? "" : " (\(note))") }
}

@Suite("Base64 decoding (RFC 2045 6.8, RFC 4648)")
struct Base64Tests {
    private func decode(_ input: [UInt8], policy: Base64Decoder.PaddingPolicy = .continueWithCleanBlock) -> ([UInt8], DefectSet) {
        var defects = DefectSet()
        let output = Base64Decoder.decode(input, afterPadding: policy, defects: &defects)
        return (output, defects)
    }

    /// RFC 4648 section 10.
    @Test(
        "RFC 4648 test vectors decode without defects",
        arguments: [
            Base64Case("", ""), Base64Case("Zg==", "f"), Base64Case("Zm8=", "fo"), Base64Case("Zm9v", "foo"),
            Base64Case("Zm9vYg==", "foob"), Base64Case("Zm9vYmE=", "fooba"), Base64Case("Zm9vYmFy", "foobar"),
        ]
    )
    func rfc4648Vectors(_ testCase: Base64Case) {
        let (output, defects) = decode(testCase.input)
        #expect(output == testCase.expected)
        #expect(defects.isEmpty)
    }

    /// Python's results are from `email._encoded_words.decode_b` (what `get_payload(decode=True)` uses)
    /// and `binascii.a2b_base64`, Python 3.11.7.
    @Test(
        "tolerant input decodes as far as possible and records what was wrong",
        arguments: [
            Base64Case("Zm9v\r\nYmFy\r\n", "foobar", [], "CRLF lines; Python agrees"),
            Base64Case("Zm9v\nYmFy\n", "foobar", [], "LF lines; Python agrees"),
            Base64Case("Zm9v YmFy\t", "foobar", [], "white space is no defect; Python flags it as invalid characters"),
            Base64Case("Zm9v\r\n\r\n  YmFy  \r\n", "foobar", [], "blank and indented lines; Python flags them"),
            Base64Case("Zm9v!YmFy", "foobar", [.invalidBase64], "junk skipped; Python agrees"),
            Base64Case(bytes: Array("Zm9v".utf8) + [0xFF] + Array("YmFy".utf8), "foobar", [.invalidBase64], "8-bit junk; Python agrees"),
            Base64Case("Zm9vYg", "foob", [.base64MissingPadding], "Python agrees"),
            Base64Case("Zm9vYmE", "fooba", [.base64MissingPadding], "Python agrees"),
            Base64Case("Zm9vYg=", "foob", [.base64MissingPadding], "half the padding; Python agrees"),
            Base64Case("Zm9vY", "foo", [.invalidBase64], "a lone last character; Python returns the undecoded text"),
            Base64Case("YWJj====YWJj", "abcabc", [.invalidBase64], "padding that ends nothing is junk; Python agrees"),
            Base64Case("Y=WJj", "abc", [.invalidBase64], "Python agrees"),
            Base64Case("=YWJj", "abc", [.invalidBase64], "Python agrees"),
            Base64Case("YQ===", "a", [.invalidBase64], "extra padding; Python agrees"),
            Base64Case("====", "", [.invalidBase64], "Python agrees"),
            Base64Case("  \r\n\t", "", [], "only white space"),
        ]
    )
    func tolerantDecoding(_ testCase: Base64Case) {
        let (output, defects) = decode(testCase.input)
        #expect(output == testCase.expected)
        #expect(defects == DefectSet(testCase.defects))
    }

    /// Python and GMime 3.2.13 both stop at the first padding; a glued second block is decoded by us.
    @Test(
        "a clean block after padding is decoded as a concatenated block",
        arguments: [
            Base64Case("YQ==YWJj", "aabc", [], "same line; Python and GMime give \"a\""),
            Base64Case("YQ==\r\nYWJj\r\n", "aabc", [], "next line; Python and GMime give \"a\""),
            Base64Case("YWI=\r\nYWJj\r\nZA==\r\nZQ==", "ababcde", [], "three blocks"),
            Base64Case("YQ=\r\nYWJj", "aabc", [.base64MissingPadding], "half-padded first block; Python decodes garbage"),
        ]
    )
    func concatenatedBlocks(_ testCase: Base64Case) {
        let (output, defects) = decode(testCase.input)
        #expect(output == testCase.expected)
        #expect(defects == DefectSet(testCase.defects))
    }

    @Test(
        "text after the padding is ignored, not decoded into garbage",
        arguments: [
            Base64Case("YQ==\r\n\r\n-- \r\nfooter", "a", [.invalidBase64], "mailing-list footer; Python agrees"),
            Base64Case("YQ==\r\nThanks for reading\r\n", "a", [.invalidBase64], "words of letters only; Python agrees"),
            Base64Case("YQ==\r\nYWJjZ\r\n", "a", [.invalidBase64], "a line that is not whole quanta"),
            Base64Case("YQ==\r\n\r\n", "a", [], "trailing blank lines are fine"),
        ]
    )
    func trailingTextIgnored(_ testCase: Base64Case) {
        let (output, defects) = decode(testCase.input)
        #expect(output == testCase.expected)
        #expect(defects == DefectSet(testCase.defects))
    }

    @Test("the stop policy matches Python and GMime on concatenated blocks")
    func stopPolicy() {
        let (output, defects) = decode(Array("YQ==\r\nYWJj\r\n".utf8), policy: .stop)
        #expect(output == Array("a".utf8))
        #expect(defects == DefectSet([.invalidBase64]))
    }

    @Test("every byte value round-trips through Foundation's encoder, at every length and line style", arguments: [0, 1, 2, 3, 4, 5, 56, 57, 58, 255, 256, 257, 1000])
    func roundTrip(length: Int) {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }
        let styles: [(Data.Base64EncodingOptions, String)] = [
            ([], "one line"), ([.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed], "76 CRLF"),
            ([.lineLength76Characters, .endLineWithLineFeed], "76 LF"), ([.lineLength64Characters, .endLineWithCarriageReturn, .endLineWithLineFeed], "64 CRLF"),
        ]
        for (options, name) in styles {
            let encoded = Array(Data(data).base64EncodedString(options: options).utf8)
            let (output, defects) = decode(encoded)
            #expect(output == data, "\(name)")
            #expect(defects.isEmpty, "\(name)")
        }
    }

    @Test("all 256 byte values, encoded with CRLF every 76 characters")
    func everyByteValue() {
        let data = [UInt8]((0...255).map { UInt8($0) })
        let encoded = Array(Data(data + data.reversed()).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
        let (output, defects) = decode(encoded)
        #expect(output == data + data.reversed())
        #expect(defects.isEmpty)
    }

    @Test("a 20 MB base64 body on a single line decodes whole")
    func twentyMegabyteLine() {
        var generator = DecoderTestRandom(seed: 2045)
        let data = (0..<15_000_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let encoded = Array(Data(data).base64EncodedString().utf8)
        #expect(encoded.count == 20_000_000)
        let (output, defects) = decode(encoded)
        #expect(output.count == data.count)
        #expect(output == data)
        #expect(defects.isEmpty)
    }

    /// Puts a junk byte at every offset of a 76-character line, so every hand-over between the fast
    /// 8-byte loop, the 4-byte loop and the byte-at-a-time path is exercised.
    @Test("junk at any offset of a line is skipped without losing neighbouring bytes", arguments: [UInt8(ascii: "*"), UInt8(ascii: " "), UInt8(ascii: "\n"), 0x80])
    func junkAtEveryOffset(junk: UInt8) {
        let data = (0..<171).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let clean = Array(Data(data).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
        let isWhiteSpace = junk == UInt8(ascii: " ") || junk == UInt8(ascii: "\n")
        for offset in 0...clean.count {
            var dirty = clean
            dirty.insert(junk, at: offset)
            let (output, defects) = decode(dirty)
            #expect(output == data, "junk at \(offset)")
            #expect(defects == (isWhiteSpace ? DefectSet() : DefectSet([.invalidBase64])), "junk at \(offset)")
        }
    }

    @Test("random white space and junk sprinkled into a body never change the decoded bytes")
    func sprinkledNoise() {
        var generator = DecoderTestRandom(seed: 4648)
        for round in 0..<200 {
            let data = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let encoded = Array(Data(data).base64EncodedString().utf8)
            var noisy: [UInt8] = []
            var addedJunk = false
            for byte in encoded {
                if generator.next() % 5 == 0 {
                    let noise: [UInt8] = [0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: "!"), UInt8(ascii: "-"), 0xC3]
                    let pick = noise[Int(generator.next() % UInt64(noise.count))]
                    if pick > 0x20 { addedJunk = true }
                    noisy.append(pick)
                }
                noisy.append(byte)
            }
            let (output, defects) = decode(noisy)
            #expect(output == data, "round \(round)")
            #expect(defects.contains(.invalidBase64) == addedJunk, "round \(round)")
        }
    }

    @Test("the unsafe-buffer entry point decodes a slice of a larger buffer")
    func bufferSlice() {
        let text = Array("xxZm9vYmFyxx".utf8)
        var defects = DefectSet()
        let output = text.withUnsafeBytes { Base64Decoder.decode(UnsafeRawBufferPointer(rebasing: $0[2..<10]), defects: &defects) }
        #expect(output == Array("foobar".utf8))
        #expect(defects.isEmpty)
    }
}

/// A small deterministic generator (DecoderTestRandom64) so large test inputs are reproducible.
struct DecoderTestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
