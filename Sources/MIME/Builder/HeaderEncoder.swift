/// Writes header values that any reader decodes to the intended text and that can never smuggle
/// in a header of their own.
///
/// Text that is not plain printable ASCII becomes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, or B
/// when shorter), split between whole characters so that no word exceeds 75 bytes and no line 78
/// ([RFC 2047 section 2](https://www.rfc-editor.org/rfc/rfc2047#section-2)). CR, LF and other
/// control characters are replaced by spaces first: applicant text never reaches a reply's header raw.
public enum HeaderEncoder {
    /// The longest line RFC 5322 section 2.1.1 recommends, line break excluded.
    static let lineLimit = 78

    /// Encodes an unstructured value (Subject), folded for a field whose name is `fieldName`.
    public static func unstructured(_ text: String, fieldName: String) -> String {
        let clean = sanitized(text)
        if isPlainASCII(clean) {
            return fold(words: clean.split(separator: " ").map(String.init),
                        firstLineUsed: fieldName.utf8.count + 2)
        }
        let used = fieldName.utf8.count + 2
        return fold(words: encodedWords(clean, firstLineRoom: lineLimit - used), firstLineUsed: used)
    }

    /// Encodes one mailbox: `"Display Name" <local@domain>`, the name quoted or encoded as needed.
    public static func mailbox(name: String?, address: String) -> String {
        mailboxTokens(name: name, address: address).joined(separator: " ")
    }

    /// The mailbox as words that may be folded between (encoded words, then `<address>`).
    static func mailboxTokens(name: String?, address: String) -> [String] {
        let cleanAddress = sanitized(address).filter { $0 != " " && $0 != "<" && $0 != ">" && $0 != "," && $0 != "\"" }
        let cleanName = name.map { sanitized($0).split(separator: " ").joined(separator: " ") } ?? ""
        guard !cleanName.isEmpty else { return ["<\(cleanAddress)>"] }
        if isPlainASCII(cleanName) {
            if cleanName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }) {
                return cleanName.split(separator: " ").map(String.init) + ["<\(cleanAddress)>"]
            }
            let escaped = cleanName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"\(escaped)\"", "<\(cleanAddress)>"]
        }
        // RFC 2047 section 5 (3): in a phrase, Q may only keep letters and digits, as ours does.
        return encodedWords(cleanName, firstLineRoom: 75) + ["<\(cleanAddress)>"]
    }

    /// A list of mailboxes for To/Cc, folded between words.
    public static func mailboxList(_ mailboxes: [(name: String?, address: String)], fieldName: String) -> String {
        var words: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var tokens = mailboxTokens(name: mailbox.name, address: mailbox.address)
            if index < mailboxes.count - 1 { tokens[tokens.count - 1] += "," }
            words += tokens
        }
        return fold(words: words, firstLineUsed: fieldName.utf8.count + 2)
    }

    /// A message-id list (`<a@b> <c@d>`), folded between ids; the ids are stripped of anything unsafe.
    public static func messageIDs(_ ids: [String], fieldName: String) -> String {
        let clean = ids.map { id in
            "<" + sanitized(id).filter { $0 != " " && $0 != "<" && $0 != ">" } + ">"
        }
        return fold(words: clean, firstLineUsed: fieldName.utf8.count + 2)
    }

    // MARK: - Pieces

    /// Control characters (CR and LF included) become spaces; nothing else changes.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
                || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
        }))
    }

    static func isPlainASCII(_ text: String) -> Bool {
        // "=?" would be read back as the start of an encoded word: encode such text too.
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    /// The text as encoded words of at most 75 bytes each (the first at most `firstLineRoom`),
    /// never splitting a character.
    static func encodedWords(_ text: String, firstLineRoom: Int) -> [String] {
        let prefix = "=?UTF-8?Q?", suffix = "?="
        let overhead = prefix.utf8.count + suffix.utf8.count
        var budget = max(12, min(75, firstLineRoom) - overhead)
        var words: [String] = []
        var current = ""
        var currentLength = 0
        for character in text {
            let encoded = qEncoded(character)
            if currentLength + encoded.utf8.count > budget, !current.isEmpty {
                words.append(prefix + current + suffix)
                current = ""
                currentLength = 0
                budget = 75 - overhead
            }
            current += encoded
            currentLength += encoded.utf8.count
        }
        if !current.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    /// RFC 2047 4.2: `_` for space; letters and digits as is; everything else `=XX` (section 5 (3)
    /// allows a few more in a phrase; letters and digits are safe everywhere).
    static func qEncoded(_ character: Character) -> String {
        var out = ""
        for byte in String(character).utf8 {
            if byte == 0x20 {
                out += "_"
            } else if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += "=" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// Joins words with single spaces, breaking lines (CRLF + space) before a word that would pass 78 columns.
    static func fold(words: [String], firstLineUsed: Int) -> String {
        var out = ""
        var used = firstLineUsed
        var first = true
        for word in words {
            let length = word.utf8.count
            if first {
                out += word
                used += length
                first = false
            } else if used + 1 + length > lineLimit, !out.isEmpty {
                out += "\r\n " + word
                used = 1 + length
            } else {
                out += " " + word
                used += 1 + length
            }
        }
        return out
    }
}

extension String {
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " }) ?? first
        return String(scalars[first...last])
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
