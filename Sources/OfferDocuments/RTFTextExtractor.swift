/// The text of an RTF file: control words dropped, `\par` `\line` `\row` end lines, `\tab` `\cell`
/// give tabs, `\'hh` is a byte in the document's code page (`\ansicpg`, windows-1252 by default),
/// `\uN` a Unicode code unit followed by `\ucN` fallback characters to skip. Destinations that
/// are not body text (font and colour tables, style sheets, info, pictures, objects, and every
/// `{\*\...}` group) are skipped. https://www.biblioscape.com/rtf15_spec.htm
struct RTFTextExtractor {
    static func isRTF(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: Array("{\\rtf".utf8))
    }

    static func text(of bytes: [UInt8], maxCharacters: Int) -> String {
        var reader = RTFReader(bytes)
        while !reader.isAtEnd, reader.text.count < maxCharacters {
            reader.step()
        }
        reader.flush()
        return String(reader.text)
    }
}
