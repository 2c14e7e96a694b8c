/// One pass over a header value that finds and decodes RFC 2047 encoded words.
///
/// Linear in the input: every byte is looked at a bounded number of times, the output only grows,
/// and adjacent words of one charset are collected into one byte run converted once.
struct EncodedWordScanner {
    let decoder: CharsetDecoder
    let fallbackCharset: String?
    let limits: ParserLimits
    private(set) var defects = DefectSet()
    /// Encoded words decoded so far.
    private(set) var wordCount = 0

    /// UTF-8 output.
    private var output: [UInt8] = []
    /// Decoded bytes of the current run of adjacent words sharing a charset.
    private var runBytes: [UInt8] = []
    private var runCharset: [UInt8] = []
    private var rawIsUTF8 = true

    /// RFC 2047 section 2 caps a word at 75 bytes; charsets are far shorter. Bounds each look-ahead.
    private static let maxCharsetLength = 80

    init(decoder: CharsetDecoder, fallbackCharset: String?, limits: ParserLimits) {
        self.decoder = decoder
        self.fallbackCharset = fallbackCharset
        self.limits = limits
    }

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>) -> String {
        rawIsUTF8 = UnicodeDecoding.isValidUTF8(input)
        let count = input.count
        // Fast path: no `=?` at all.
        if !containsWordStart(input) {
            appendLiteral(input, 0..<count)
            return String(decoding: output, as: UTF8.self)
        }
        output.reserveCapacity(count)
        var literalStart = 0
        var afterWord = false
        var index = 0
        while index &+ 1 < count {
            guard input[index] == UInt8(ascii: "="), input[index &+ 1] == UInt8(ascii: "?") else {
                index &+= 1
                continue
            }
            guard let word = Self.parseWord(input, at: index) else {
                index &+= 1
                continue
            }
            if wordCount >= limits.maxEncodedWordsPerHeader {
                defects.insert(.encodedWordLimit)
                break
            }
            wordCount &+= 1
            // RFC 2047 section 6.2: white space between adjacent encoded words is not displayed.
            let between = literalStart..<index
            if !(afterWord && Self.isBlank(input, between)) {
                flushRun()
                appendLiteral(input, between)
            }
            let charset = Self.charsetLabel(input, word.charset)
            if charset != runCharset { flushRun(); runCharset = charset }
            let clean = word.isBase64
                ? Self.appendBase64(input, word.text, to: &runBytes)
                : Self.appendQ(input, word.text, to: &runBytes)
            if !clean || !word.terminated { defects.insert(.invalidEncodedWord) }
            index = word.end
            literalStart = index
            afterWord = word.terminated   // a cut-off word keeps the blank after it
        }
        flushRun()
        appendLiteral(input, literalStart..<count)
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: - Output

    private mutating func flushRun() {
        guard !runCharset.isEmpty else { return }
        let decoded = decoder.decode(runBytes, charset: String(decoding: runCharset, as: UTF8.self))
        if let defect = decoded.defect { defects.insert(defect) }
        output.append(contentsOf: decoded.text.utf8)
        runBytes.removeAll(keepingCapacity: true)
        runCharset.removeAll(keepingCapacity: true)
    }

    /// Text outside encoded words: UTF-8 as is; other 8-bit bytes through the fallback charset.
    private mutating func appendLiteral(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let slice = UnsafeBufferPointer(rebasing: input[range])
        if rawIsUTF8 || !slice.contains(where: { $0 >= 0x80 }) {
            output.append(contentsOf: slice)
            return
        }
        defects.insert(.raw8BitHeader)
        let decoded = decoder.decode(buffer: slice, charset: fallbackCharset ?? "windows-1252")
        output.append(contentsOf: decoded.text.utf8)
    }

    // MARK: - Word syntax

    struct Word {
        var charset: Range<Int>
        var isBase64: Bool
        var text: Range<Int>
        /// Index just past the word (past `?=` when terminated).
        var end: Int
        var terminated: Bool
    }

    /// Parses `=?charset?E?text?=` at `start` (which holds `=?`); nil when it is not an encoded word.
    ///
    /// The text ends at the first `?=`. Without one, it ends before a blank followed by another word,
    /// or at the end of the value (`terminated` false).
    static func parseWord(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> Word? {
        guard let (charset, isBase64, textStart) = parsePrefix(input, at: start) else { return nil }
        let count = input.count
        var index = textStart
        while index < count {
            let byte = input[index]
            if byte == UInt8(ascii: "?"), index &+ 1 < count, input[index &+ 1] == UInt8(ascii: "=") {
                return Word(charset: charset, isBase64: isBase64, text: textStart..<index, end: index &+ 2, terminated: true)
            }
            if (byte == 0x20 || byte == 0x09), index &+ 2 < count, input[index &+ 1] == UInt8(ascii: "="),
               input[index &+ 2] == UInt8(ascii: "?"), parsePrefix(input, at: index &+ 1) != nil {
                return Word(charset: charset, isBase64: isBase64, text: textStart..<index, end: index, terminated: false)
            }
            index &+= 1
        }
        return Word(charset: charset, isBase64: isBase64, text: textStart..<count, end: count, terminated: false)
    }

    /// `=?charset?E?`: the charset range, whether E is B, and where the text starts.
    private static func parsePrefix(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> (Range<Int>, Bool, Int)? {
        let count = input.count
        let charsetStart = start &+ 2
        var index = charsetStart
        while index < count, input[index] != UInt8(ascii: "?") {
            let byte = input[index]
            guard byte > 0x20, byte < 0x7F, index &- charsetStart < maxCharsetLength else { return nil }
            index &+= 1
        }
        // index is at the `?` after the charset; the encoding letter and its `?` must follow.
        guard index > charsetStart, index &+ 2 < count, input[index &+ 2] == UInt8(ascii: "?") else { return nil }
        let encoding = input[index &+ 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        return (charsetStart..<index, encoding == UInt8(ascii: "b"), index &+ 3)
    }

    /// The charset of a word, lowercased, without an RFC 2231 section 5 language (`utf-8*en` → `utf-8`).
    static func charsetLabel(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var label: [UInt8] = []
        label.reserveCapacity(range.count)
        for index in range {
            let byte = input[index]
            if byte == UInt8(ascii: "*") { break }
            label.append((byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte)
        }
        return label
    }

    private func containsWordStart(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index &+ 1 < input.count {
            if input[index] == UInt8(ascii: "="), input[index &+ 1] == UInt8(ascii: "?") { return true }
            index &+= 1
        }
        return false
    }

    private static func isBlank(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range {
            let byte = input[index]
            if !(byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A) { return false }
        }
        return true
    }

    // MARK: - Payload decoding

    /// RFC 2047 section 4.1 "B" (RFC 4648 base64), leniently: blanks skipped, other junk skipped and
    /// reported, missing padding accepted, padding in the middle (concatenated words) restarts a quantum.
    /// Returns false when something had to be skipped.
    static func appendBase64(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) -> Bool {
        var clean = true
        var bits: UInt32 = 0
        var bitCount = 0
        for index in range {
            let byte = input[index]
            let value = base64Value(byte)
            if value >= 0 {
                bits = (bits << 6) | UInt32(value)
                bitCount &+= 6
                if bitCount >= 8 {
                    bitCount &-= 8
                    out.append(UInt8(truncatingIfNeeded: bits >> UInt32(bitCount)))
                    bits &= (1 << UInt32(bitCount)) &- 1
                }
            } else if byte == UInt8(ascii: "=") {
                if bitCount == 6 { clean = false }
                bits = 0
                bitCount = 0
            } else if !(byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A) {
                clean = false
            }
        }
        if bitCount == 6 { clean = false }   // a lone final character carries no byte
        return clean
    }

    @inline(__always)
    private static func base64Value(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte &- UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte &- UInt8(ascii: "a")) &+ 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte &- UInt8(ascii: "0")) &+ 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62   // `-`/`_`: base64url from broken encoders
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return -1
        }
    }

    /// RFC 2047 section 4.2 "Q": `_` is a space, `=XX` a byte; anything else (even a space or a bad `=`)
    /// is kept as written. Returns false when a `=` was not followed by two hex digits.
    static func appendQ(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) -> Bool {
        var clean = true
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = input[index]
            if byte == UInt8(ascii: "_") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "="), index &+ 2 < end,
                      let high = hexValue(input[index &+ 1]), let low = hexValue(input[index &+ 2]) {
                out.append(high << 4 | low)
                index &+= 3
                continue
            } else {
                if byte == UInt8(ascii: "=") { clean = false }
                out.append(byte)
            }
            index &+= 1
        }
        return clean
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        default: return nil
        }
    }
}
