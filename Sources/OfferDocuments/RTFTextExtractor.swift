import MIME

/// The text of an RTF file: control words dropped, `\par` `\line` `\row` end lines, `\tab` `\cell`
/// give tabs, `\'hh` is a byte in the document's code page (`\ansicpg`, windows-1252 by default),
/// `\uN` a Unicode code unit followed by `\ucN` fallback characters to skip. Destinations that
/// are not body text (font and colour tables, style sheets, info, pictures, objects, and every
/// `{\*\...}` group) are skipped. https://www.biblioscape.com/rtf15_spec.htm
struct RTFTextExtractor {
    static func isRTF(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: Array("{\\rtf".utf8))
    }

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

    static func text(of bytes: [UInt8], maxCharacters: Int) -> String {
        var out = String.UnicodeScalarView()
        var pendingBytes: [UInt8] = []
        var codePage = "windows-1252"
        let decoder = CharsetDecoder()
        var stack: [GroupState] = [GroupState()]
        var skipFallback = 0
        var index = 0
        var highSurrogate: UInt32?
        func flush() {
            guard !pendingBytes.isEmpty else { return }
            out.append(contentsOf: decoder.decode(pendingBytes, charset: codePage).text.unicodeScalars)
            pendingBytes.removeAll(keepingCapacity: true)
        }
        func emit(_ scalar: Unicode.Scalar) {
            flush()
            out.append(scalar)
        }
        let count = bytes.count
        while index < count, out.count < maxCharacters {
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
                guard index < count else { break }
                let next = bytes[index]
                if next == UInt8(ascii: "'") {
                    // \'hh
                    if index + 2 < count, let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                        if skipFallback > 0 {
                            skipFallback -= 1
                        } else if !(stack.last?.skip ?? false) {
                            pendingBytes.append(value)
                        }
                    }
                    index += 3
                    continue
                }
                if next == UInt8(ascii: "*") {
                    stack[stack.count - 1].skip = true
                    index += 1
                    continue
                }
                guard isLetter(next) else {
                    // Control symbols: \\ \{ \} \~ (no-break space) \- \_ and line breaks.
                    if !(stack.last?.skip ?? false) {
                        switch next {
                        case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): emit(Unicode.Scalar(next))
                        case UInt8(ascii: "~"): emit(" ")
                        case UInt8(ascii: "_"): emit("-")
                        case 0x0A, 0x0D: emit("\n")
                        default: break
                        }
                    }
                    index += 1
                    continue
                }
                var wordEnd = index
                while wordEnd < count, isLetter(bytes[wordEnd]), wordEnd - index < 32 { wordEnd += 1 }
                let word = String(decoding: bytes[index..<wordEnd], as: UTF8.self)
                var parameterEnd = wordEnd
                if parameterEnd < count, bytes[parameterEnd] == UInt8(ascii: "-") { parameterEnd += 1 }
                while parameterEnd < count, bytes[parameterEnd] >= 0x30, bytes[parameterEnd] <= 0x39, parameterEnd - wordEnd < 10 { parameterEnd += 1 }
                let parameter = Int(String(decoding: bytes[wordEnd..<parameterEnd], as: UTF8.self))
                index = parameterEnd
                if index < count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                let skipping = stack.last?.skip ?? false
                if skippedDestinations.contains(word) {
                    stack[stack.count - 1].skip = true
                    continue
                }
                switch word {
                case "ansicpg":
                    if let parameter { codePage = "windows-\(parameter)" }
                case "uc":
                    stack[stack.count - 1].unicodeSkip = max(0, min(parameter ?? 1, 10))
                case "u":
                    guard let parameter, !skipping else { continue }
                    let unit = UInt32(parameter < 0 ? parameter + 65_536 : parameter)
                    if (0xD800...0xDBFF).contains(unit) {
                        highSurrogate = unit
                    } else if (0xDC00...0xDFFF).contains(unit), let high = highSurrogate {
                        if let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)) { emit(scalar) }
                        highSurrogate = nil
                    } else if let scalar = Unicode.Scalar(unit) {
                        emit(scalar)
                    }
                    skipFallback = stack.last?.unicodeSkip ?? 1
                case "par", "line", "row", "sect", "page":
                    if !skipping { emit("\n") }
                case "tab", "cell":
                    if !skipping { emit("\t") }
                case "emdash": if !skipping { emit("—") }
                case "endash": if !skipping { emit("–") }
                case "lquote", "rquote": if !skipping { emit("'") }
                case "ldblquote", "rdblquote": if !skipping { emit("\"") }
                case "bullet": if !skipping { emit("•") }
                default: break
                }
            case 0x0A, 0x0D:
                index += 1
            default:
                index += 1
                if stack.last?.skip ?? false { continue }
                if skipFallback > 0 {
                    skipFallback -= 1
                    continue
                }
                if byte < 0x80 { emit(Unicode.Scalar(byte)) } else { pendingBytes.append(byte) }
            }
        }
        flush()
        return String(out)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
