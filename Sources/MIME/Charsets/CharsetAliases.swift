/// How the bytes of one charset are turned into text.
///
/// The charset a message declares and the decoder we use differ on purpose: like browsers
/// (WHATWG Encoding, https://encoding.spec.whatwg.org/#names-and-labels) we read `iso-8859-1`
/// and `us-ascii` as windows-1252 and `gb2312`/`gbk` as GB18030, because mail written by
/// Windows clients uses the supersets while labelling the subsets.
enum CharsetCodec: Hashable {
    case utf8
    case windows1252
    case utf16(Endianness?)
    case utf32(Endianness?)
    /// The label means "no idea" (`x-unknown`, `x-user-defined`): guess, without a defect.
    case guess
    /// A glibc iconv name (https://sourceware.org/glibc/manual/latest/html_node/Generic-Charset-Conversion.html).
    case iconv(String)

    enum Endianness: Hashable { case big, little }

    var glibcName: String? {
        if case .iconv(let name) = self { return name }
        return nil
    }
}

/// A charset label resolved to its normalised name and its decoder.
struct CharsetResolution: Hashable {
    /// Lowercased IANA-style name, e.g. `utf-8`, `windows-1252`, `iso-8859-15`.
    var canonicalName: String
    var codec: CharsetCodec
}

/// Charset labels as written in mail, with their quirks (quotes, trailing `;`, missing dashes, vendor aliases).
enum CharsetAliases {
    /// The label lowercased and cut to its name: `"UTF-8";` → `utf-8`, ` 'latin1' ` → `latin1`.
    static func normalize(_ label: some Sequence<UInt8>) -> String {
        var bytes: [UInt8] = []
        var started = false
        for byte in label {
            let lower = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            if isNameByte(lower) {
                started = true
                bytes.append(lower)
                if bytes.count > 64 { return "" }   // no real charset name is that long
            } else if started {
                break
            } else if !(lower == 0x20 || lower == 0x09 || lower == 0x22 || lower == 0x27 || lower == 0x60) {
                return ""   // junk before the name (not blank, not a quote)
            }
        }
        // Trailing punctuation (`utf-8.`, `utf-8-`) is junk, not part of a name.
        while let last = bytes.last, last == 0x2D || last == 0x2E || last == 0x5F || last == 0x3A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Resolves a label through our table and name patterns (no iconv check); nil when neither knows it.
    /// `verified` is false for pattern matches whose glibc converter may not exist (`cp12345`).
    static func lookUp(normalized name: String) -> (resolution: CharsetResolution, verified: Bool)? {
        let key = compactKey(name)
        if let known = table[key] { return (known, true) }
        guard let matched = patternMatch(key) else { return nil }
        if case .iconv = matched.codec { return (matched, false) }
        return (matched, true)
    }

    /// `iso-8859-1` → `iso88591`: dashes, underscores, dots, colons and blanks removed.
    static func compactKey(_ name: String) -> String {
        String(decoding: name.utf8.filter { isAlphanumeric($0) || $0 == 0x2B }, as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A || byte == 0x2B
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Families with a number: `iso8859-N`, `8859-N`, `latinN`, `windows-125N`/`win-125N`/`cp125N`, `cpNNN`/`ibmNNN`.
    private static func patternMatch(_ key: String) -> CharsetResolution? {
        if let part = number(after: ["iso8859", "8859", "isolatin"], in: key), part >= 1, part <= 16, part != 12 {
            return isoLatin(part)
        }
        for prefix in ["windows", "xwindows", "win", "xcp", "cp", "ms", "ansi"] {
            if let page = number(after: [prefix], in: key), page >= 1250, page <= 1258 {
                return windows(page)
            }
        }
        if let latin = number(after: ["latin", "l"], in: key), let part = latinParts[latin] {
            return isoLatin(part)
        }
        if let page = number(after: ["cp", "ibm", "xibm"], in: key), page > 0 {
            if page >= 28591, page <= 28606 { return isoLatin(page - 28590) }
            let digits = key.drop { !$0.isNumber }   // as written: IBM037 is not IBM37
            return CharsetResolution(canonicalName: "ibm\(digits)", codec: .iconv("IBM\(digits)"))
        }
        return nil
    }

    /// The decimal number that follows one of `prefixes` and makes up the rest of `key`.
    private static func number(after prefixes: [String], in key: String) -> Int? {
        for prefix in prefixes where key.hasPrefix(prefix) {
            let digits = key.utf8.dropFirst(prefix.utf8.count)
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            return Int(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }

    /// latinN → ISO-8859 part (https://www.iana.org/assignments/character-sets).
    private static let latinParts: [Int: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 9, 6: 10, 7: 13, 8: 14, 9: 15, 10: 16]

    private static func isoLatin(_ part: Int) -> CharsetResolution {
        let name = "iso-8859-\(part)"
        return CharsetResolution(canonicalName: name, codec: part == 1 ? .windows1252 : .iconv(name.uppercased()))
    }

    private static func windows(_ page: Int) -> CharsetResolution {
        CharsetResolution(canonicalName: "windows-\(page)", codec: page == 1252 ? .windows1252 : .iconv("WINDOWS-\(page)"))
    }

    private static let table: [String: CharsetResolution] = {
        var table: [String: CharsetResolution] = [:]
        func add(_ canonical: String, _ codec: CharsetCodec, _ aliases: [String]) {
            let resolution = CharsetResolution(canonicalName: canonical, codec: codec)
            table[compactKey(canonical)] = resolution
            for alias in aliases { table[compactKey(alias)] = resolution }
        }
        add("utf-8", .utf8, ["utf8", "unicode-1-1-utf-8", "unicode-2-0-utf-8", "x-unicode20utf8", "cp65001", "utf-8n"])
        add("us-ascii", .windows1252, ["ascii", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "iso-646-us", "us",
                                       "ibm367", "cp367", "csascii", "iso-ir-6", "iso_646.irv:1991", "cp20127", "646"])
        add("iso-8859-1", .windows1252, ["iso8859", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
                                         "iso_8859-1:1987", "8859"])
        add("iso-8859-8", .iconv("ISO-8859-8"), ["iso-8859-8-i", "iso-8859-8-e", "csiso88598i", "visual", "logical", "hebrew"])
        add("iso-8859-6", .iconv("ISO-8859-6"), ["iso-8859-6-i", "iso-8859-6-e", "arabic"])
        add("iso-8859-7", .iconv("ISO-8859-7"), ["greek", "greek8", "elot_928", "ecma-118"])
        add("iso-8859-5", .iconv("ISO-8859-5"), ["cyrillic", "csisolatincyrillic"])
        add("gb2312", .iconv("GB18030"), ["csgb2312", "gb_2312-80", "gb_2312", "gb231280", "euc-cn", "x-euc-cn",
                                          "chinese", "iso-ir-58", "csiso58gb231280", "hz-gb-2312"])
        add("gbk", .iconv("GB18030"), ["x-gbk", "cp936", "ms936", "windows-936", "gb-k"])
        add("gb18030", .iconv("GB18030"), ["gb-18030"])
        add("big5", .iconv("BIG5-HKSCS"), ["big-5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "x-big5", "cp950"])
        add("ks_c_5601-1987", .iconv("CP949"), ["ks_c_5601-1989", "ks_c_5601", "ksc5601", "ksc_5601", "iso-ir-149",
                                                "csksc56011987", "korean", "windows-949", "x-windows-949", "cp949", "uhc"])
        add("euc-kr", .iconv("CP949"), ["cseuckr", "x-euc-kr"])
        add("iso-2022-kr", .iconv("ISO-2022-KR"), ["csiso2022kr"])
        add("shift_jis", .iconv("CP932"), ["shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "s-jis",
                                           "x-shift-jis", "x-shift_jis"])
        add("windows-31j", .iconv("CP932"), ["cp932", "ms932", "x-ms-cp932", "csWindows31J", "windows-932"])
        add("euc-jp", .iconv("EUC-JP-MS"), ["x-euc-jp", "eucjp", "cseucpkdfmtjapanese", "x-euc", "cp51932", "ujis"])
        add("iso-2022-jp", .iconv("ISO-2022-JP-2"), ["csiso2022jp", "cp50220", "cp50221", "cp50222", "iso-2022-jp-2",
                                                     "jis", "x-iso-2022-jp"])
        add("utf-7", .iconv("UTF-7"), ["unicode-1-1-utf-7", "unicode-2-0-utf-7", "x-unicode-2-0-utf-7", "csunicode11utf7"])
        add("utf-16", .utf16(nil), ["ucs-2", "unicode", "iso-10646-ucs-2", "csunicode", "utf16"])
        add("utf-16le", .utf16(.little), ["x-utf-16le", "ucs-2le", "cp1200", "unicodelittleunmarked"])
        add("utf-16be", .utf16(.big), ["x-utf-16be", "ucs-2be", "cp1201", "unicodefffe", "unicodebigunmarked"])
        add("utf-32", .utf32(nil), ["ucs-4", "iso-10646-ucs-4", "utf32"])
        add("utf-32le", .utf32(.little), ["ucs-4le", "cp12000"])
        add("utf-32be", .utf32(.big), ["ucs-4be", "cp12001"])
        add("macintosh", .iconv("MACINTOSH"), ["mac", "x-mac-roman", "macroman", "mac-roman", "csmacintosh", "x-mac"])
        add("koi8-r", .iconv("KOI8-R"), ["koi8", "koi", "cskoi8r", "koi8_r"])
        add("koi8-u", .iconv("KOI8-U"), ["koi8-ru"])
        add("windows-874", .iconv("WINDOWS-874"), ["tis-620", "tis620", "dos-874", "cp874", "iso-8859-11", "x-windows-874"])
        add("windows-1252", .windows1252, ["x-ansi", "ansi"])
        add("x-unknown", .guess, ["unknown", "x-unknown-8bit", "unknown-8bit", "unknown8bit", "default", "x-unknown-charset"])
        add("x-user-defined", .guess, ["user-defined"])
        return table
    }()
}
