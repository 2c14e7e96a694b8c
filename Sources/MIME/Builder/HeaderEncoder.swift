/// Writes header values that any reader decodes to the intended text and that can never smuggle
/// in a header of their own.
///
/// Text that is not plain printable ASCII becomes RFC 2047 encoded words (`=?UTF-8?Q?...?=`),
/// split between whole code points so that no word exceeds 75 bytes and no line 78
/// ([RFC 2047 section 2](https://www.rfc-editor.org/rfc/rfc2047#section-2)). CR, LF and other
/// control characters are replaced by spaces first: applicant text never reaches a reply's header raw.
///
/// Every line written stays within RFC 5322's hard limit of 998 octets (section 2.1.1), and within
/// 78 wherever folding can do it: a word too long for a line of its own (a 1,500-letter "word" in
/// a subject or a name) is written as several encoded words, which folding may separate; a
/// message id, which cannot be split, is left out when it cannot fit on a line (see ``messageIDs(_:fieldName:)``).
public enum HeaderEncoder {
    /// The longest line RFC 5322 section 2.1.1 recommends, line break excluded.
    static let lineLimit = 78
    /// The longest line RFC 5322 section 2.1.1 allows, line break excluded.
    public static let hardLineLimit = 998

    /// Encodes an unstructured value (Subject), folded for a field whose name is `fieldName`.
    public static func unstructured(_ text: String, fieldName: String) -> String {
        let clean = sanitized(text)
        let used = fieldName.utf8.count + 2
        let words = clean.split(separator: " ").map(String.init)
        if isPlainASCII(clean), eachFitsALine(words, firstLineUsed: used) {
            return fold(words: words, firstLineUsed: used)
        }
        // A word too long for any line can only be split as encoded words; the whole value is
        // encoded then (one rule, and adjacent encoded words decode to the text with its spaces).
        return fold(words: encodedWords(clean, firstLineRoom: lineLimit - used), firstLineUsed: used)
    }

    /// Whether folding between `words` can keep every line within 78: each word fits on a line of
    /// its own (the first after the field's name, the others after the folding space).
    static func eachFitsALine(_ words: [String], firstLineUsed: Int) -> Bool {
        words.enumerated().allSatisfy { index, word in
            word.utf8.count <= (index == 0 ? lineLimit - firstLineUsed : lineLimit - 1)
        }
    }

    /// Encodes one mailbox: `"Display Name" <local@domain>`, the name quoted or encoded as needed.
    public static func mailbox(name: String?, address: String) -> String {
        mailboxTokens(name: name, address: address).joined(separator: " ")
    }

    /// The mailbox as words that may be folded between (encoded words, then `<address>`).
    /// `firstLineRoom`: what is left of the line for the first word, when it starts the field's value.
    static func mailboxTokens(name: String?, address: String, firstLineRoom: Int = 75) -> [String] {
        let cleanAddress = sanitized(address).filter { $0 != " " && $0 != "<" && $0 != ">" && $0 != "," && $0 != "\"" }
        let cleanName = name.map { sanitized($0).split(separator: " ").joined(separator: " ") } ?? ""
        guard !cleanName.isEmpty else { return ["<\(cleanAddress)>"] }
        if isPlainASCII(cleanName) {
            var phrase: [String]
            if cleanName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }) {
                phrase = cleanName.split(separator: " ").map(String.init)
            } else {
                let escaped = cleanName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                phrase = ["\"\(escaped)\""]
            }
            // A quoted string or an atom too long for a line is encoded instead, and so split.
            if eachFitsALine(phrase, firstLineUsed: lineLimit - firstLineRoom) { return phrase + ["<\(cleanAddress)>"] }
        }
        // RFC 2047 section 5 (3): in a phrase, Q may only keep letters and digits, as ours does.
        return encodedWords(cleanName, firstLineRoom: firstLineRoom) + ["<\(cleanAddress)>"]
    }

    /// A list of mailboxes for To/Cc, folded between words.
    ///
    /// An address cannot be folded or encoded: one too long for a line (far past RFC 5321's 254
    /// octets, which no server delivers to anyway) is left out, and a list left empty is written as
    /// the empty group `undisclosed-recipients:;` (RFC 5322 section 3.4), so the header stays valid.
    public static func mailboxList(_ mailboxes: [(name: String?, address: String)], fieldName: String) -> String {
        let room = hardLineLimit - fieldName.utf8.count - 3
        let firstLineRoom = lineLimit - fieldName.utf8.count - 2
        // Names are encoded words of at most 75 bytes: only the `<address>` token can be too long.
        let writable = mailboxes.filter { mailboxTokens(name: nil, address: $0.address)[0].utf8.count <= room }
        let written = writable.enumerated().map { index, mailbox in
            mailboxTokens(name: mailbox.name, address: mailbox.address, firstLineRoom: index == 0 ? firstLineRoom : 75)
        }
        guard !written.isEmpty else { return "undisclosed-recipients:;" }
        var words: [String] = []
        for (index, tokens) in written.enumerated() {
            words += tokens
            if index < written.count - 1 { words[words.count - 1] += "," }
        }
        return fold(words: words, firstLineUsed: fieldName.utf8.count + 2)
    }

    /// A message-id list (`<a@b> <c@d>`), folded between ids; the ids are stripped of anything
    /// unsafe. An id that cannot fit on a line, even right after the field's name, is left out: a
    /// msg-id cannot be folded or encoded, and a line over 998 octets may be cut or refused by a
    /// server. A reply whose In-Reply-To or References loses such an id still threads by the
    /// other ids and by its subject. Empty when no id is left (the field is then not written).
    public static func messageIDs(_ ids: [String], fieldName: String) -> String {
        let room = hardLineLimit - fieldName.utf8.count - 2
        let clean = ids.map { id in
            "<" + sanitized(id).filter { $0 != " " && $0 != "<" && $0 != ">" } + ">"
        }.filter { $0.utf8.count <= room }
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
    /// never splitting a code point (RFC 2047 section 5 (3)). Code points, not grapheme clusters:
    /// a letter with a thousand combining marks is one `Character` but must still be split.
    static func encodedWords(_ text: String, firstLineRoom: Int) -> [String] {
        let prefix = "=?UTF-8?Q?", suffix = "?="
        let overhead = prefix.utf8.count + suffix.utf8.count
        var budget = max(12, min(75, firstLineRoom) - overhead)
        var words: [String] = []
        var current = ""
        var currentLength = 0
        for scalar in text.unicodeScalars {
            let encoded = qEncoded(scalar)
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
    static func qEncoded(_ scalar: Unicode.Scalar) -> String {
        var out = ""
        for byte in String(scalar).utf8 {
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
