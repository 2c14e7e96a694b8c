import Testing
@testable import MIME

/// Expectations checked against Python's codecs (`bytes.decode`) and the WHATWG windows-1252 index.
@Suite("Charset decoding")
struct CharsetDecoderTests {
    struct Alias: Sendable, CustomTestStringConvertible {
        let label: String
        let canonical: String
        var testDescription: String { "\(label) → \(canonical)" }
    }

    static let aliases: [Alias] = [
        Alias(label: "utf8", canonical: "utf-8"),
        Alias(label: "UTF-8", canonical: "utf-8"),
        Alias(label: "latin1", canonical: "iso-8859-1"),
        Alias(label: "cp1252", canonical: "windows-1252"),
        Alias(label: "win-1252", canonical: "windows-1252"),
        Alias(label: "ks_c_5601-1987", canonical: "ks_c_5601-1987"),
        Alias(label: "x-mac-roman", canonical: "macintosh"),
        Alias(label: "unicode-1-1-utf-7", canonical: "utf-7"),
        Alias(label: "x-unknown", canonical: "x-unknown"),
        Alias(label: "x-user-defined", canonical: "x-user-defined"),
        Alias(label: "iso8859-1", canonical: "iso-8859-1"),
        Alias(label: "8859-1", canonical: "iso-8859-1"),
        Alias(label: "ansi_x3.4-1968", canonical: "us-ascii"),
        Alias(label: "us-ascii", canonical: "us-ascii"),
        Alias(label: "x-sjis", canonical: "shift_jis"),
        Alias(label: "shift-jis", canonical: "shift_jis"),
        Alias(label: "x-euc-jp", canonical: "euc-jp"),
        Alias(label: "cp-850", canonical: "ibm850"),
        Alias(label: "\"utf-8\"", canonical: "utf-8"),
        Alias(label: "utf-8;", canonical: "utf-8"),
        Alias(label: " 'UTF-8' ", canonical: "utf-8"),
        Alias(label: "ISO_8859-15", canonical: "iso-8859-15"),
        Alias(label: "latin9", canonical: "iso-8859-15"),
        Alias(label: "gb2312", canonical: "gb2312"),
        Alias(label: "x-gbk", canonical: "gbk"),
        Alias(label: "windows-1251", canonical: "windows-1251"),
        Alias(label: "KOI8-R", canonical: "koi8-r"),
        Alias(label: "IBM037", canonical: "ibm037"),
        Alias(label: "KOI8-T", canonical: "koi8-t"),         // a glibc-only name passes through
        Alias(label: "utf-16le", canonical: "utf-16le"),
    ]

    @Test("canonicalName normalises every alias seen in mail", arguments: aliases)
    func canonicalNames(_ alias: Alias) {
        #expect(CharsetDecoder.canonicalName(alias.label) == alias.canonical)
        #expect(CharsetDecoder().canonicalName(alias.label) == alias.canonical)
    }

    @Test("canonicalName is nil for names nobody knows", arguments: ["x-bogus", "", "\"\"", "utf-99", "=?", "cp99999"])
    func unknownNames(_ label: String) {
        #expect(CharsetDecoder.canonicalName(label) == nil)
    }

    @Test("every alias in the table opens a decoder (no table entry names a missing glibc converter)", arguments: aliases)
    func aliasesDecodeASCII(_ alias: Alias) {
        let decoded = CharsetDecoder().decode(Array("Offer 42".utf8), charset: alias.label)
        if alias.canonical.hasPrefix("utf-16") || alias.canonical == "ibm037" {
            #expect(!decoded.text.isEmpty && decoded.text != "Offer 42")   // not ASCII-compatible
        } else {
            #expect(decoded.text == "Offer 42")
            #expect(decoded.defect == nil)
        }
    }

    struct Sample: Sendable, CustomTestStringConvertible {
        let charset: String?
        let bytes: [UInt8]
        let text: String
        let defect: Defect?
        var testDescription: String { "\(charset ?? "nil"): \(text)" }
        init(_ charset: String?, _ bytes: [UInt8], _ text: String, _ defect: Defect? = nil) {
            self.charset = charset; self.bytes = bytes; self.text = text; self.defect = defect
        }
    }

    static let samples: [Sample] = [
        // WHATWG: iso-8859-1, us-ascii and latin1 are windows-1252; the 5 undefined bytes map to C1 controls.
        Sample("iso-8859-1", [0x80, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x9F], "\u{20AC}\u{81}\u{8D}\u{8F}\u{90}\u{9D}\u{178}"),
        Sample("windows-1252", [0x93, 0x4F, 0x66, 0x66, 0x72, 0x65, 0x94, 0x96], "\u{201C}Offre\u{201D}\u{2013}"),
        Sample("us-ascii", [0x47, 0x61, 0x72, 0xE7, 0x6F, 0x6E], "Garçon"),
        Sample("latin1", [0x41, 0xE7, 0xE3, 0x6F], "Ação"),
        Sample("iso-8859-15", [0xA4, 0x75, 0x72, 0x6F], "€uro"),
        Sample("utf-8", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),
        Sample("utf-8", [0xEF, 0xBB, 0xBF, 0x68, 0x69], "hi"),   // BOM dropped
        // gb2312 is read as GB18030: 镕 (E946) exists only in GBK/GB18030; Python's gb2312 codec rejects it.
        Sample("gb2312", [0xD6, 0xEC, 0xE9, 0x46, 0xBB, 0xF9], "朱镕基"),
        Sample("gbk", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        // ks_c_5601-1987 is read as CP949: 똠 (8C63) is outside EUC-KR.
        Sample("ks_c_5601-1987", [0x8C, 0x63, 0xB9, 0xE6, 0xB0, 0xA2, 0xC7, 0xCF], "똠방각하"),
        Sample("ks_c_5601-1987", [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE], "한국어"),
        Sample("unicode-1-1-utf-7", Array("Offre financi+AOg-re".utf8), "Offre financière"),
        Sample("utf-7", Array("+ZeVnLIqe-".utf8), "日本語"),
        Sample("shift_jis", [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x5C], "日本語\\"),   // 0x5C stays a backslash (CP932)
        Sample("x-euc-jp", [0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC], "日本語"),
        Sample("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x1B, 0x28, 0x42], "日本語"),
        Sample("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        Sample("x-mac-roman", [0x8A, 0x41], "äA"),
        // UTF-16/32 with and without BOM.
        Sample("utf-16", [0xFF, 0xFE, 0x41, 0x00, 0xE9, 0x00], "Aé"),
        Sample("utf-16", [0xFE, 0xFF, 0x00, 0x41, 0x00, 0xE9], "Aé"),
        Sample("utf-16", [0x00, 0x41, 0x00, 0xE9], "Aé"),
        Sample("utf-16", [0x41, 0x00, 0xE9, 0x00], "Aé"),   // unmarked little-endian, sniffed from the zeros
        Sample("utf-16le", [0x41, 0x00, 0x3D, 0xD8, 0x00, 0xDE], "A😀"),
        Sample("utf-16be", [0x00, 0x41], "A"),
        Sample("utf-32", [0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00], "A"),
        Sample("utf-32be", [0x00, 0x01, 0xF6, 0x00], "😀"),
        // No declaration: valid UTF-8, else windows-1252, without a defect.
        Sample(nil, [0xC3, 0xA9], "é"),
        Sample(nil, [0xE9, 0x80], "é€"),
        Sample("x-unknown", [0xE9], "é"),
        Sample("x-user-defined", [0xC3, 0xA7], "ç"),
        // Unknown or lying labels fall back to the guess and say so.
        Sample("x-bogus", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café", .unknownCharset),
        Sample("x-bogus", [0x63, 0x61, 0x66, 0xE9], "café", .unknownCharset),
        Sample("x-bogus", Array("plain".utf8), "plain", .unknownCharset),
        Sample("\"\"", [0xE9], "é"),   // `charset=""` is no declaration
        Sample("utf-8", [0x63, 0x61, 0x66, 0xE9], "café", .invalidCharsetData),            // latin1 labelled UTF-8
        Sample("iso-2022-jp", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café", .invalidCharsetData),  // UTF-8 labelled 7-bit JIS
        Sample("utf-7", [0x63, 0x61, 0x66, 0xE9], "café", .invalidCharsetData),            // latin1 labelled UTF-7
        Sample("EBCDIC-US", Array("Offer".utf8), "Offer", .invalidCharsetData),           // ASCII is not EBCDIC-US
        Sample("utf-16le", [0x41, 0x00, 0x00, 0xD8], "A\u{FFFD}", .invalidCharsetData),     // lone surrogate
    ]

    @Test("decodes each charset as Python and WHATWG do", arguments: samples)
    func decodes(_ sample: Sample) {
        let decoded = CharsetDecoder().decode(sample.bytes, charset: sample.charset)
        #expect(decoded.text == sample.text)
        #expect(decoded.defect == sample.defect)
    }

    @Test("a bad byte in mostly good multi-byte text becomes U+FFFD and the rest survives")
    func substitutesInvalidSequences() {
        var bytes: [UInt8] = [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA]   // 日本語 in Shift_JIS
        bytes += [0xFF]                                             // never valid in Shift_JIS
        bytes += [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA]
        let decoded = CharsetDecoder().decode(bytes, charset: "shift_jis")
        #expect(decoded.text == "日本語\u{FFFD}日本語")
        #expect(decoded.defect == .invalidCharsetData)
    }

    @Test("a truncated multi-byte sequence at the end becomes one U+FFFD")
    func truncatedInput() {
        let decoded = CharsetDecoder().decode([0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x93, 0xFA, 0x96], charset: "shift_jis")
        #expect(decoded.text == "日本語日\u{FFFD}")
        #expect(decoded.defect == .invalidCharsetData)
    }

    @Test("one decoder reused across charsets keeps no shift state between calls")
    func reusesConverters() {
        let decoder = CharsetDecoder()
        // Ends inside JIS X 0208 without returning to ASCII: the next call must start in ASCII again.
        let unterminated: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C]
        _ = decoder.decode(unterminated, charset: "iso-2022-jp")
        #expect(decoder.decode(Array("FB".utf8), charset: "iso-2022-jp").text == "FB")
        for _ in 0..<1000 {
            #expect(decoder.decode([0xF0, 0xD2], charset: "koi8-r").text == "Пр")
        }
    }

    @Test("large inputs go through the iconv grow loop intact")
    func largeInput() {
        let unit: [UInt8] = [0xC4, 0xE3, 0xBA, 0xC3]   // 你好: 4 bytes in, 6 bytes out
        let bytes = Array([[UInt8]](repeating: unit, count: 250_000).joined())
        let decoded = CharsetDecoder().decode(bytes, charset: "gb2312")
        #expect(decoded.defect == nil)
        #expect(decoded.text.unicodeScalars.count == 500_000)
        #expect(decoded.text.hasPrefix("你好你好"))
    }

    @Test("windows-1252 fast path agrees with the WHATWG index for all 256 bytes")
    func windows1252AllBytes() {
        let decoded = CharsetDecoder().decode((0...255).map { UInt8($0) }, charset: "windows-1252")
        let scalars = Array(decoded.text.unicodeScalars)
        #expect(scalars.count == 256)
        for byte in 0..<256 {
            let expected: UInt32 = (0x80..<0xA0).contains(byte) ? UInt32(Windows1252.high[byte - 0x80]) : UInt32(byte)
            #expect(scalars[byte].value == expected)
        }
        #expect(scalars[0x80] == "€" && scalars[0x9F] == "Ÿ" && scalars[0x81].value == 0x81)
    }
}
