/// The `; name=value` list shared by Content-Type and Content-Disposition: RFC 2045 section 5.1,
/// RFC 2231 (charsets, languages and continuations), and what real clients send instead.
///
/// Tolerated: missing `;`, unquoted values with spaces, unescaped `"` inside quoted values,
/// Windows paths with bare `\`, duplicates (first wins), stray junk, RFC 2047 words in values,
/// raw 8-bit bytes (UTF-8, else windows-1252).
enum HeaderParameters {
    /// One `name=value` as written: name lowercased, value unquoted but not yet decoded.
    struct RawParameter {
        var name: String
        var value: [UInt8]
    }

    static func parse(
        _ input: UnsafeBufferPointer<UInt8>,
        from start: Int,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> ParameterList {
        let raw = lex(input, from: start, defects: &defects)
        return assemble(raw, using: decoder, defects: &defects)
    }

    // MARK: - Lexing

    static func lex(_ input: UnsafeBufferPointer<UInt8>, from start: Int, defects: inout DefectSet) -> [RawParameter] {
        var cursor = HeaderCursor(input, at: start)
        var parameters: [RawParameter] = []
        var separated = false   // a `;` came since the last parameter (one must follow the type)
        while true {
            cursor.skipCFWS()
            guard let byte = cursor.current else { break }
            if byte == UInt8(ascii: ";") {
                separated = true
                cursor.index &+= 1
                continue
            }
            guard cursor.tokenIsFollowedByEquals(from: cursor.index) else {
                defects.insert(.invalidParameter)   // junk: skip one lexical item
                skipJunk(&cursor)
                continue
            }
            if !separated { defects.insert(.invalidParameter) }   // missing `;`
            let name = cursor.lowercasedToken()
            cursor.skipBlanks()
            cursor.index &+= 1   // the `=`
            cursor.skipBlanks()
            let value: [UInt8]
            if cursor.current == UInt8(ascii: "\"") {
                value = quotedValue(&cursor, defects: &defects)
            } else {
                value = unquotedValue(&cursor)
            }
            parameters.append(RawParameter(name: name, value: value))
            separated = false
        }
        return parameters
    }

    private static func skipJunk(_ cursor: inout HeaderCursor) {
        guard let byte = cursor.current else { return }
        if byte == UInt8(ascii: "\"") {
            var sink = DefectSet()
            _ = quotedValue(&cursor, defects: &sink)
        } else if HeaderCursor.isTokenByte(byte) {
            _ = cursor.lowercasedToken()
        } else {
            cursor.index &+= 1
        }
    }

    /// A value without quotes runs to the next `;`, but stops before a blank that starts a comment or
    /// another `name=` (a missing `;`). Inner spaces stay (`name=My File.pdf`); outer ones go.
    private static func unquotedValue(_ cursor: inout HeaderCursor) -> [UInt8] {
        let input = cursor.input
        let start = cursor.index
        var end = start      // end of the value without trailing blanks
        while let byte = cursor.current, byte != UInt8(ascii: ";") {
            if HeaderCursor.isBlank(byte) {
                var next = cursor.index
                while next < input.count, HeaderCursor.isBlank(input[next]) { next &+= 1 }
                if next >= input.count || input[next] == UInt8(ascii: "(") || cursor.tokenIsFollowedByEquals(from: next) {
                    cursor.index = next
                    break
                }
                cursor.index = next
                continue
            }
            cursor.index &+= 1
            end = cursor.index
        }
        return Array(input[start..<end])
    }

    /// A quoted string (RFC 5322 section 3.2.4). A `"` closes it only where a closing quote makes sense
    /// (before the end, a `;`, a comment or another `name=`); elsewhere it is taken as part of the value,
    /// as clients that do not escape quotes mean. `\` escapes only `"` and `\`, so `C:\dir\a.pdf` survives.
    private static func quotedValue(_ cursor: inout HeaderCursor, defects: inout DefectSet) -> [UInt8] {
        let input = cursor.input
        cursor.index &+= 1   // opening quote
        var value: [UInt8] = []
        var lastQuote: (inputIndex: Int, valueCount: Int)?
        while let byte = cursor.current {
            if byte == UInt8(ascii: "\\"), let next = cursor.byte(at: 1),
               next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") {
                value.append(next)
                cursor.index &+= 2
                continue
            }
            if byte == UInt8(ascii: "\"") {
                var next = cursor.index &+ 1
                while next < input.count, HeaderCursor.isBlank(input[next]) { next &+= 1 }
                if next >= input.count || input[next] == UInt8(ascii: ";") || input[next] == UInt8(ascii: "(")
                    || (next > cursor.index &+ 1 && cursor.tokenIsFollowedByEquals(from: next)) {
                    cursor.index &+= 1
                    return value
                }
                lastQuote = (cursor.index, value.count)
            }
            if byte != 0x0D && byte != 0x0A { value.append(byte) }
            cursor.index &+= 1
        }
        defects.insert(.invalidParameter)
        // Unterminated: if a quote was seen, it was the closing one after all.
        if let lastQuote {
            cursor.index = lastQuote.inputIndex &+ 1
            value.removeSubrange(lastQuote.valueCount...)
        }
        return value
    }

    // MARK: - Assembly (RFC 2231)

    /// One RFC 2231 section: `name*N=` or `name*N*=` (N = 0 for a lone `name*=`).
    private struct Section {
        var number: Int
        var encoded: Bool
        var value: [UInt8]
    }

    private struct Entry {
        var plain: [UInt8]?
        var sections: [Section] = []
        var sectionNumbers: Set<Int> = []
    }

    static func assemble(_ raw: [RawParameter], using decoder: CharsetDecoder, defects: inout DefectSet) -> ParameterList {
        var order: [String] = []
        var entries: [String: Entry] = [:]
        for parameter in raw {
            let (base, section) = splitName(parameter.name)
            if entries[base] == nil {
                order.append(base)
                entries[base] = Entry()
            }
            if let (number, encoded) = section {
                if entries[base]?.sectionNumbers.contains(number) == true {
                    defects.insert(.invalidParameter)   // duplicate section: first wins
                } else if (entries[base]?.sections.count ?? 0) < maxSections {
                    entries[base]?.sectionNumbers.insert(number)
                    entries[base]?.sections.append(Section(number: number, encoded: encoded, value: parameter.value))
                } else {
                    defects.insert(.invalidParameter)
                }
            } else if entries[base]?.plain?.isEmpty ?? true {
                if entries[base]?.plain != nil { defects.insert(.invalidParameter) }
                entries[base]?.plain = parameter.value
            } else {
                defects.insert(.invalidParameter)   // duplicate parameter: the first non-empty one wins
            }
        }
        var parameters: [ParameterList.Parameter] = []
        parameters.reserveCapacity(order.count)
        for name in order {
            guard let entry = entries[name] else { continue }
            let value: String
            if !entry.sections.isEmpty {
                // RFC 2231 wins over a plain twin: clients send both, the extended one is exact.
                value = joinSections(entry.sections, name: name, using: decoder, defects: &defects)
            } else {
                value = plainValue(entry.plain ?? [], name: name, using: decoder, defects: &defects)
            }
            parameters.append(ParameterList.Parameter(name: name, value: value))
        }
        return ParameterList(parameters)
    }

    /// Bounds the work a hostile `name*99999=` flood can cause.
    private static let maxSections = 1000

    /// `filename*2*` → (`filename`, (2, true)); `filename*` → (`filename`, (0, true)); `filename` → (`filename`, nil).
    static func splitName(_ name: String) -> (String, (Int, Bool)?) {
        let bytes = Array(name.utf8)
        guard let star = bytes.firstIndex(of: UInt8(ascii: "*")), star > 0 else { return (name, nil) }
        let base = String(decoding: bytes[..<star], as: UTF8.self)
        var rest = bytes[(star &+ 1)...]
        if rest.isEmpty { return (base, (0, true)) }
        var encoded = false
        if rest.last == UInt8(ascii: "*") {
            encoded = true
            rest = rest.dropLast()
        }
        guard !rest.isEmpty, rest.count <= 6, rest.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let number = Int(String(decoding: rest, as: UTF8.self)) else { return (name, nil) }
        return (base, (number, encoded))
    }

    /// Joins continuation sections in numeric order (any order in the header), percent-decoding the
    /// encoded ones, then converts the bytes from the charset of the first section (RFC 2231 section 4.1).
    private static func joinSections(
        _ sections: [Section], name: String, using decoder: CharsetDecoder, defects: inout DefectSet
    ) -> String {
        let sorted = sections.sorted { $0.number < $1.number }
        var bytes: [UInt8] = []
        var charset: String?
        var anyEncoded = false
        if sorted.enumerated().contains(where: { $0.offset != $0.element.number }) {
            defects.insert(.invalidParameter)   // a missing section (RFC 2231 section 3: numbered from 0, no gaps)
        }
        for (position, section) in sorted.enumerated() {
            guard section.encoded else {
                bytes.append(contentsOf: section.value)
                continue
            }
            var text = section.value[...]
            if position == 0 {
                if let (declared, remainder) = splitCharsetAndLanguage(section.value) {
                    charset = declared.isEmpty ? nil : declared
                    text = remainder
                } else {
                    defects.insert(.invalidParameter)   // `name*=` without `charset'lang'`
                }
            }
            anyEncoded = true
            percentDecode(text, into: &bytes)
        }
        if !anyEncoded { return plainValue(bytes, name: name, using: decoder, defects: &defects) }
        if charset == nil { return rawBytesValue(bytes, using: decoder, defects: &defects) }
        let decoded = decoder.decode(bytes, charset: charset)
        if let defect = decoded.defect { defects.insert(defect) }
        return decoded.text
    }

    /// `utf-8'en'rest` → (`utf-8`, `rest`); nil without two apostrophes.
    static func splitCharsetAndLanguage(_ value: [UInt8]) -> (String, ArraySlice<UInt8>)? {
        guard let first = value.firstIndex(of: UInt8(ascii: "'")) else { return nil }
        guard let second = value[(first &+ 1)...].firstIndex(of: UInt8(ascii: "'")) else { return nil }
        return (String(decoding: value[..<first], as: UTF8.self), value[(second &+ 1)...])
    }

    /// RFC 2231 section 4 `%XX`; a `%` without two hex digits stays as written.
    static func percentDecode(_ text: ArraySlice<UInt8>, into bytes: inout [UInt8]) {
        var index = text.startIndex
        let end = text.endIndex
        while index < end {
            let byte = text[index]
            if byte == UInt8(ascii: "%"), index &+ 2 < end,
               let high = EncodedWordScanner.hexValue(text[index &+ 1]),
               let low = EncodedWordScanner.hexValue(text[index &+ 2]) {
                bytes.append(high << 4 | low)
                index &+= 3
            } else {
                bytes.append(byte)
                index &+= 1
            }
        }
    }

    /// A value with no RFC 2231 charset: RFC 2047 words decoded (not in `boundary`, whose bytes must
    /// stay as written), raw 8-bit bytes read as UTF-8 or windows-1252.
    private static func plainValue(
        _ bytes: [UInt8], name: String, using decoder: CharsetDecoder, defects: inout DefectSet
    ) -> String {
        if name != "boundary", containsWordStart(bytes) {
            var wordDefects = DefectSet()
            let decoded = EncodedWords.decodeCounting(bytes, using: decoder, defects: &wordDefects)
            if decoded.words > 0 {
                defects.insert(.encodedWordInParameter)
                defects.formUnion(wordDefects)
                return decoded.text
            }
        }
        return rawBytesValue(bytes, using: decoder, defects: &defects)
    }

    private static func rawBytesValue(_ bytes: [UInt8], using decoder: CharsetDecoder, defects: inout DefectSet) -> String {
        let isUTF8 = bytes.withUnsafeBufferPointer { UnicodeDecoding.isValidUTF8($0) }
        if isUTF8 { return String(decoding: bytes, as: UTF8.self) }
        defects.insert(.raw8BitHeader)
        return decoder.decode(bytes, charset: "windows-1252").text
    }

    private static func containsWordStart(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index &+ 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "="), bytes[index &+ 1] == UInt8(ascii: "?") { return true }
            index &+= 1
        }
        return false
    }
}
