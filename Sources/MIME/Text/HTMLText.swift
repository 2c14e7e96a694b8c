/// Readable plain text from an HTML body, for when a message has no text/plain part.
public enum HTMLText {
    /// The text a reader sees: no markup, scripts, styles, `<head>` or comments; blocks (`p`, `div`,
    /// `br`, `tr`, `li`, headings, `blockquote`, ...) on lines of their own, list items as `- ` bullets,
    /// character references decoded, white space collapsed (except in `<pre>`), at most one blank line
    /// in a row, no white space at either end. No-break spaces become plain spaces and invisible
    /// padding characters are dropped (see ``HTMLTextConverter``).
    ///
    /// Linear in the size of the input; never fails on broken HTML.
    public static func plainText(fromHTML html: String) -> String {
        var html = html
        let bytes = html.withUTF8 { utf8 in
            var converter = HTMLTextConverter(utf8)
            return converter.convert()
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` with its HTML character references decoded (`&eacute;` → `é`, `&#8364;` → `€`) and
    /// nothing else changed, as Python's `html.unescape` does.
    public static func decodeCharacterReferences(_ text: String) -> String {
        var text = text
        let bytes = text.withUTF8 { utf8 -> [UInt8] in
            var output: [UInt8] = []
            output.reserveCapacity(utf8.count)
            var index = 0
            while index < utf8.count {
                if utf8[index] == UInt8(ascii: "&"), let match = HTMLCharacterReference.match(in: utf8, at: index) {
                    output.append(contentsOf: match.utf8)
                    index &+= match.length
                } else {
                    output.append(utf8[index])
                    index &+= 1
                }
            }
            return output
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
