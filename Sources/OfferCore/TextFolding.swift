/// Folds text for vocabulary matching: lowercase, Latin diacritics removed, every run of
/// characters that are neither letters nor digits turned into one space.
///
/// Applicants write `Méthodologie`, `METHODOLOGIE`, `methodologie` and `Methodologie_v2`; the
/// vocabulary is written once, folded, and compared with folded text. Arabic and other scripts
/// pass through lowercased. No Foundation: the table covers Latin-1 and Latin Extended-A,
/// which is what English, French and Portuguese use.
public enum TextFolding {
    /// `"Offre_Financière (2).XLSX"` → `"offre financiere 2 xlsx"`. Builds bytes, ASCII on a fast path.
    public static func fold(_ text: some StringProtocol) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(truncatingIfNeeded: value)
                if byte &- 0x30 < 10 || byte &- 0x61 < 26 {
                    append(byte, to: &output, pendingSpace: &pendingSpace)
                } else if byte &- 0x41 < 26 {
                    append(byte + 0x20, to: &output, pendingSpace: &pendingSpace)
                } else {
                    pendingSpace = true
                }
                continue
            }
            if let mapped = latinBytes[value] {
                append(contentsOf: mapped, to: &output, pendingSpace: &pendingSpace)
                continue
            }
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                append(contentsOf: properties.lowercaseMapping.utf8, to: &output, pendingSpace: &pendingSpace)
            } else if properties.generalCategory != .nonspacingMark {
                // Combining marks (a decomposed é) are dropped without splitting the word.
                pendingSpace = true
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Calls `body` with each word of `folded` (``fold(_:)``'s output: words between single spaces),
    /// until it returns false, split on the bytes, without building an array of every word.
    static func forEachWord(of folded: String, _ body: (Substring) -> Bool) {
        let utf8 = folded.utf8
        var start = utf8.startIndex
        var index = start
        while true {
            let atEnd = index == utf8.endIndex
            if atEnd || utf8[index] == 0x20 {
                if start != index, !body(folded[start..<index]) { return }
                if atEnd { return }
                start = utf8.index(after: index)
            }
            utf8.formIndex(after: &index)
        }
    }

    /// Appends a byte of a word, after the one space owed since the previous word. (Static with
    /// `inout` rather than a closure over locals, which would check exclusive access at every byte.)
    @inline(__always)
    private static func append(_ byte: UInt8, to output: inout [UInt8], pendingSpace: inout Bool) {
        if pendingSpace, !output.isEmpty { output.append(0x20) }
        pendingSpace = false
        output.append(byte)
    }

    @inline(__always)
    private static func append(contentsOf bytes: some Sequence<UInt8>, to output: inout [UInt8], pendingSpace: inout Bool) {
        if pendingSpace, !output.isEmpty { output.append(0x20) }
        pendingSpace = false
        output.append(contentsOf: bytes)
    }

    /// Like ``fold(_:)``, but also splits camel case and letter/digit runs first
    /// (`WorkPlan` → `work plan`, `scan001` → `scan 001`), for file names.
    public static func foldFilename(_ name: some StringProtocol) -> String {
        var split = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in name.unicodeScalars {
            if let previous, previous.properties.isLowercase, scalar.properties.isUppercase { split.append(" ") }
            if let previous, isDigit(previous) != isDigit(scalar),
               isDigit(previous) ? scalar.properties.isAlphabetic : previous.properties.isAlphabetic { split.append(" ") }
            split.append(scalar)
            previous = scalar
        }
        return fold(String(split))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    /// The folded form of one scalar, or nil when it separates words.
    @inline(__always)
    static func foldScalar(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39, 0x61...0x7A: return String(scalar)
            case 0x41...0x5A: return String(Unicode.Scalar(value + 0x20) ?? scalar)
            default: return nil
            }
        }
        if let mapped = latinTable[value] { return mapped }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil {
            return properties.lowercaseMapping
        }
        // Combining marks (a decomposed é) are dropped without splitting the word.
        if properties.generalCategory == .nonspacingMark { return "" }
        return nil
    }

    private static let latinBytes: [UInt32: [UInt8]] = latinTable.mapValues { Array($0.utf8) }

    private static let latinTable: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("ÀÁÂÃÄÅĀĂĄ", "a"), ("çćĉċč", "c"), ("ÇĆĈĊČ", "c"), ("ďđ", "d"), ("ĎĐ", "d"),
            ("èéêëēĕėęě", "e"), ("ÈÉÊËĒĔĖĘĚ", "e"), ("ĝğġģ", "g"), ("ĜĞĠĢ", "g"), ("ĥħ", "h"), ("ĤĦ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ÌÍÎÏĨĪĬĮİ", "i"), ("ĵ", "j"), ("Ĵ", "j"), ("ķ", "k"), ("Ķ", "k"),
            ("ĺļľŀł", "l"), ("ĹĻĽĿŁ", "l"), ("ñńņňŉ", "n"), ("ÑŃŅŇ", "n"), ("òóôõöøōŏő", "o"), ("ÒÓÔÕÖØŌŎŐ", "o"),
            ("ŕŗř", "r"), ("ŔŖŘ", "r"), ("śŝşšș", "s"), ("ŚŜŞŠȘ", "s"), ("ţťŧț", "t"), ("ŢŤŦȚ", "t"),
            ("ùúûüũūŭůűų", "u"), ("ÙÚÛÜŨŪŬŮŰŲ", "u"), ("ŵ", "w"), ("Ŵ", "w"), ("ýÿŷ", "y"), ("ÝŸŶ", "y"),
            ("źżž", "z"), ("ŹŻŽ", "z"),
        ]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar.value] = base }
        }
        table[0xDF] = "ss"; table[0xE6] = "ae"; table[0xC6] = "ae"; table[0x153] = "oe"; table[0x152] = "oe"
        table[0xFE] = "th"; table[0xDE] = "th"; table[0xF0] = "d"; table[0xD0] = "d"
        table[0xAA] = "a"; table[0xBA] = "o"   // ª º as in 1ª, nº
        return table
    }()
}
