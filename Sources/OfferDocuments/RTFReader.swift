import MIME

/// The reading state of ``RTFTextExtractor``: where it is in the bytes, the text so far, the
/// groups open (each skipped or not, with its `\ucN`), the code page and a pending `\uN` pair.
struct RTFReader {
    private struct GroupState {
        var skip = false
        var unicodeSkip = 1
    }

    private static let skippedDestinations: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "themedata", "colorschememapping",
        "datastore", "latentstyles", "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl",
        "header", "footer", "headerl", "headerr", "footerl", "footerr", "fldinst", "bkmkstart", "bkmkend",
        "filetbl", "revtbl", "pgdsctbl", "mmathPr", "wgrffmtfilter",
    ]

    private let bytes: [UInt8]
    private var index = 0
    /// The text so far, without the bytes still waiting for their code page (``flush()``).
    private(set) var text = String.UnicodeScalarView()
    /// `\'hh` bytes and raw 8-bit bytes, decoded together so that a multi-byte code page reads right.
    private var pendingBytes: [UInt8] = []
    private var codePage = "windows-1252"
    private let decoder = CharsetDecoder()
    private var stack: [GroupState] = [GroupState()]
    /// Fallback characters still to skip after a `\uN`.
    private var skipFallback = 0
    private var highSurrogate: UInt32?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index >= bytes.count }

    /// Decodes the pending bytes into the text.
    mutating func flush() {
        guard !pendingBytes.isEmpty else { return }
        text.append(contentsOf: decoder.decode(pendingBytes, charset: codePage).text.unicodeScalars)
        pendingBytes.removeAll(keepingCapacity: true)
    }

    /// Reads one byte, or one control word or symbol with what it carries.
    mutating func step() {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "{"):
            stack.append(stack.last ?? GroupState())
            if stack.count > 500 { stack.removeFirst() }
            index += 1
        case UInt8(ascii: "}"):
            if stack.count > 1 { stack.removeLast() }
            index += 1
        case UInt8(ascii: "\\"):
            index += 1
            readControl()
        case 0x0A, 0x0D:
            index += 1
        default:
            index += 1
            readTextByte(byte)
        }
    }

    private var skipping: Bool { stack.last?.skip ?? false }

    private mutating func emit(_ scalar: Unicode.Scalar) {
        flush()
        text.append(scalar)
    }

    private mutating func readTextByte(_ byte: UInt8) {
        if skipping { return }
        if skipFallback > 0 {
            skipFallback -= 1
            return
        }
        if byte < 0x80 { emit(Unicode.Scalar(byte)) } else { pendingBytes.append(byte) }
    }

    /// What follows a backslash (at `index`).
    private mutating func readControl() {
        guard index < bytes.count else { return }
        let next = bytes[index]
        if next == UInt8(ascii: "'") {
            readHexByte()
            return
        }
        if next == UInt8(ascii: "*") {
            stack[stack.count - 1].skip = true
            index += 1
            return
        }
        guard Self.isLetter(next) else {
            readControlSymbol(next)
            index += 1
            return
        }
        let (word, parameter) = readControlWord()
        apply(word, parameter: parameter)
    }

    /// `\'hh`: a byte in the document's code page, unless it is a `\uN` fallback (index at the quote).
    private mutating func readHexByte() {
        if index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
            if skipFallback > 0 {
                skipFallback -= 1
            } else if !skipping {
                pendingBytes.append(value)
            }
        }
        index += 3
    }

    /// Control symbols: \\ \{ \} \~ (no-break space) \- \_ and line breaks.
    private mutating func readControlSymbol(_ symbol: UInt8) {
        guard !skipping else { return }
        switch symbol {
        case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): emit(Unicode.Scalar(symbol))
        case UInt8(ascii: "~"): emit(" ")
        case UInt8(ascii: "_"): emit("-")
        case 0x0A, 0x0D: emit("\n")
        default: break
        }
    }

    /// A control word (at most 32 letters), its parameter (an optional minus and at most 10
    /// digits), and the one space that may end it.
    private mutating func readControlWord() -> (word: String, parameter: Int?) {
        let count = bytes.count
        var wordEnd = index
        while wordEnd < count, Self.isLetter(bytes[wordEnd]), wordEnd - index < 32 { wordEnd += 1 }
        let word = String(decoding: bytes[index..<wordEnd], as: UTF8.self)
        var parameterEnd = wordEnd
        if parameterEnd < count, bytes[parameterEnd] == UInt8(ascii: "-") { parameterEnd += 1 }
        while parameterEnd < count, bytes[parameterEnd] >= 0x30, bytes[parameterEnd] <= 0x39, parameterEnd - wordEnd < 10 { parameterEnd += 1 }
        let parameter = Int(String(decoding: bytes[wordEnd..<parameterEnd], as: UTF8.self))
        index = parameterEnd
        if index < count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return (word, parameter)
    }

    private mutating func apply(_ word: String, parameter: Int?) {
        let skipping = skipping
        if Self.skippedDestinations.contains(word) {
            stack[stack.count - 1].skip = true
            return
        }
        switch word {
        case "ansicpg":
            if let parameter { codePage = "windows-\(parameter)" }
        case "uc":
            stack[stack.count - 1].unicodeSkip = max(0, min(parameter ?? 1, 10))
        case "u":
            guard let parameter, !skipping else { return }
            readUnicode(parameter)
        default:
            if !skipping, let scalar = Self.scalar(forWord: word) { emit(scalar) }
        }
    }

    /// `\uN`: a UTF-16 code unit (negative above 32767), a surrogate pair across two of them; then
    /// the group's `\ucN` fallback characters are skipped.
    /// A parameter outside a signed or unsigned 16-bit unit (`\u-99999`, `\u4294967296`) is no
    /// character: it is dropped (converting it would trap and kill the daemon).
    private mutating func readUnicode(_ parameter: Int) {
        skipFallback = stack.last?.unicodeSkip ?? 1
        guard (-65_536...65_535).contains(parameter) else { return }
        let unit = UInt32(parameter < 0 ? parameter + 65_536 : parameter)
        if (0xD800...0xDBFF).contains(unit) {
            highSurrogate = unit
        } else if (0xDC00...0xDFFF).contains(unit), let high = highSurrogate {
            if let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)) { emit(scalar) }
            highSurrogate = nil
        } else if let scalar = Unicode.Scalar(unit) {
            emit(scalar)
        }
    }

    /// The character a control word stands for in the text, if any.
    private static func scalar(forWord word: String) -> Unicode.Scalar? {
        switch word {
        case "par", "line", "row", "sect", "page": "\n"
        case "tab", "cell": "\t"
        case "emdash": "—"
        case "endash": "–"
        case "lquote", "rquote": "'"
        case "ldblquote", "rdblquote": "\""
        case "bullet": "•"
        default: nil
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
