import Foundation
import MIME
import Testing

@Suite("uuencode: blocks in plain text and x-uuencode bodies")
struct UUDecoderTests {
    /// Bytes 0...255 in 45-byte lines, from Python 3.11's `binascii.b2a_uu(chunk, backtick=True)`.
    private static let everyByteEncoded = ##"""
        M``$"`P0%!@<("0H+#`T.#Q`1$A,4%187&!D:&QP='A\@(2(C)"4F)R@I*BLL
        M+2XO,#$R,S0U-C<X.3H[/#T^/T!!0D-$149'2$E*2TQ-3D]045)35%565UA9
        M6EM<75Y?8&%B8V1E9F=H:6IK;&UN;W!Q<G-T=79W>'EZ>WQ]?G^`@8*#A(6&
        MAXB)BHN,C8Z/D)&2DY25EI>8F9J;G)V>GZ"AHJ.DI::GJ*FJJZRMKJ^PL;*S
        MM+6VM[BYNKN\O;Z_P,'"P\3%QL?(R<K+S,W.S]#1TM/4U=;7V-G:V]S=WM_@
        ?X>+CY.7FY^CIZNOL[>[O\/'R\_3U]O?X^?K[_/W^_P``
        """##

    private static let everyByte = (0...255).map { UInt8($0) }

    private func extract(_ text: String) -> ([UUEncodedFile], DefectSet) {
        var defects = DefectSet()
        let files = UUDecoder.extractFiles(from: Array(text.utf8), defects: &defects)
        return (files, defects)
    }

    @Test("a block inside a text body is found, with its mode, name, data and exact byte range")
    func blockInText() throws {
        // `#0V%T` is binascii.b2a_uu(b"Cat").
        let text = "Hi,\r\nsee the file.\r\n\r\nbegin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n\r\nBye\r\n"
        let (files, defects) = extract(text)
        let file = try #require(files.first)
        #expect(files.count == 1)
        #expect(file.filename == "cat.txt")
        #expect(file.mode == "644")
        #expect(file.data == Array("Cat".utf8))
        #expect(defects.isEmpty)
        var remaining = Array(text.utf8)
        #expect(String(decoding: remaining[file.range], as: UTF8.self) == "begin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n")
        remaining.removeSubrange(file.range)
        #expect(String(decoding: remaining, as: UTF8.self) == "Hi,\r\nsee the file.\r\n\r\n\r\nBye\r\n")
    }

    @Test("every byte value decodes, with a backtick or a space for zero", arguments: ["`", " "])
    func everyByteValue(zero: String) throws {
        let lines = Self.everyByteEncoded.replacingOccurrences(of: "`", with: zero)
        let (files, defects) = extract("begin 600 bytes.bin\n" + lines + "\n" + zero + "\nend\n")
        let file = try #require(files.first)
        #expect(file.data == Self.everyByte)
        #expect(file.mode == "600")
        #expect(defects.isEmpty)
    }

    @Test(
        "damaged blocks are decoded as far as possible and recorded",
        arguments: [
            ("begin 644 a.bin\n#0V%T\n", "Cat", true, "missing end at the end of the text"),
            ("begin 644 a.bin\r\n#0V%T\r\n", "Cat", true, "missing end, CRLF"),
            ("begin 644 a.bin\n#0V%T\nend\n", "Cat", false, "missing zero-length line is fine"),
            ("begin 644 a.bin\n#0V%TXYZ\n`\nend\n", "Cat", false, "trailing characters after the data are ignored"),
            ("begin 644 a.bin\n#0V\n`\nend\n", "C`\u{0}", true, "a short line is padded with zero bits"),
            ("begin 644 a.bin\n#0V%T\n\nend\n", "Cat", false, "an empty line is a zero-length line whose space was stripped"),
            ("begin 0644 a.bin\n#0V%T\n`\nend   \n", "Cat", false, "four-digit mode, white space after end"),
        ]
    )
    func damagedBlocks(text: String, expected: String, recordsDefect: Bool, note: String) throws {
        let (files, defects) = extract(text)
        let file = try #require(files.first, "\(note)")
        #expect(file.data == Array(expected.utf8), "\(note)")
        #expect(file.filename == "a.bin", "\(note)")
        #expect(defects.contains(.invalidUUEncode) == recordsDefect, "\(note)")
        #expect(file.range == 0..<text.utf8.count, "\(note)")
    }

    /// binascii.b2a_uu(b"\0\0\0", backtick=False) is "#    ": a transport that strips trailing spaces
    /// leaves "#".
    @Test("a line whose trailing spaces were stripped decodes as zeros")
    func strippedTrailingSpaces() throws {
        let (files, defects) = extract("begin 644 zeros\n#\n`\nend\n")
        #expect(try #require(files.first).data == [0, 0, 0])
        #expect(defects == DefectSet([.invalidUUEncode]))
    }

    @Test("without end, the block stops before the text that follows it")
    func missingEndBeforeText() throws {
        let text = "begin 644 a.bin\n#0V%T\n`\nThanks, Awa\n"
        let (files, defects) = extract(text)
        let file = try #require(files.first)
        #expect(file.data == Array("Cat".utf8))
        #expect(Array(text.utf8)[file.range.upperBound...].elementsEqual("Thanks, Awa\n".utf8))
        #expect(defects.contains(.invalidUUEncode))
    }

    @Test(
        "prose that starts a line with begin is not a block",
        arguments: [
            "begin 100 meters after the bridge\nthen turn left.\n",
            "begin 644\n#0V%T\nend\n",
            "begin 8 files\n#0V%T\nend\n",
            "we begin 644 x\n#0V%T\nend\n",
            "begin 644 a.txt\n\nDear committee,\n",
        ]
    )
    func proseIsNotABlock(text: String) {
        let (files, _) = extract(text)
        #expect(files.isEmpty)
    }

    @Test("several blocks and begin-base64 blocks are all found, in order")
    func severalBlocks() {
        let text = "one:\nbegin 644 cat.txt\n#0V%T\n`\nend\ntwo:\nbegin-base64 644 b64.txt\nQ2F0\n====\nthree:\nbegin 755 run.sh\n#0V%T\nend\n"
        let (files, defects) = extract(text)
        #expect(files.map(\.filename) == ["cat.txt", "b64.txt", "run.sh"])
        #expect(files.map(\.data) == [Array("Cat".utf8), Array("Cat".utf8), Array("Cat".utf8)])
        #expect(files.map(\.mode) == ["644", "644", "755"])
        #expect(defects.isEmpty)
        let bytes = Array(text.utf8)
        #expect(files.allSatisfy { String(decoding: bytes[$0.range], as: UTF8.self).hasPrefix("begin") })
    }

    @Test("a filename with spaces is kept whole")
    func filenameWithSpaces() throws {
        let (files, _) = extract("begin 644 CV Awa Diallo.pdf \n#0V%T\n`\nend\n")
        #expect(try #require(files.first).filename == "CV Awa Diallo.pdf")
    }

    @Test("a whole x-uuencode body decodes to its file, through TransferDecoder too")
    func wholeBody() {
        let body = Array(("begin 644 bytes.bin\r\n" + Self.everyByteEncoded.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n`\r\nend\r\n").utf8)
        var defects = DefectSet()
        #expect(UUDecoder.decode(body, defects: &defects) == Self.everyByte)
        #expect(TransferDecoder.decode(body, encoding: .uuencode, defects: &defects) == Self.everyByte)
        #expect(defects.isEmpty)
    }

    @Test("a body of bare uuencoded lines without begin still decodes, with a defect")
    func bodyWithoutBegin() {
        var defects = DefectSet()
        let output = UUDecoder.decode(Array((Self.everyByteEncoded + "\n`\n").utf8), defects: &defects)
        #expect(output == Self.everyByte)
        #expect(defects == DefectSet([.invalidUUEncode]))
    }

    @Test("huge inputs stay linear: 200,000 begin lines, a 5 MB line inside a block")
    func hugeInputs() {
        var defects = DefectSet()
        let begins = String(repeating: "begin 644 x\n", count: 200_000)
        #expect(UUDecoder.extractFiles(from: Array(begins.utf8), defects: &defects).isEmpty)
        let longLine = "begin 644 x\nM" + String(repeating: "!", count: 5_000_000) + "\nend\n"
        let files = UUDecoder.extractFiles(from: Array(longLine.utf8), defects: &defects)
        #expect(files.first?.data.count == 45)
    }

    @Test("lines that hold only a length character cannot inflate the output (fuzz finding)")
    func shortLinesAreNotAmplified() {
        var defects = DefectSet()
        // 100,000 lines of "M" (claims 45 bytes, carries none): 200 KB in.
        let body = Array(String(repeating: "M\n", count: 100_000).utf8)
        let decoded = body.withUnsafeBytes { TransferDecoder.decode($0, encoding: .uuencode, defects: &defects) }
        #expect(decoded.count <= body.count * 2)
        #expect(defects.contains(.invalidUUEncode))
    }

    @Test("the fuzz artifact that found the amplification stays bounded")
    func fuzzArtifactIsBounded() throws {
        let bytes: [UInt8] = [0x06, 0x02, 0x62, 0x34, 0x56, 0xB5, 0x25, 0x34, 0x0A, 0x1A, 0x0A, 0x54, 0x60, 0x20, 0x0A, 0x4D, 0x0A]
        var defects = DefectSet()
        let decoded = bytes.withUnsafeBytes { TransferDecoder.decode($0, encoding: .uuencode, defects: &defects) }
        #expect(decoded.count <= bytes.count * 2 + 64)
    }
}
