/// An `Authentication-Results` field as RFC 8601 section 2.2 defines it:
///
///     authres-header = authserv-id [CFWS authres-version] ( no-result / 1*resinfo ) [CFWS]
///     resinfo        = [CFWS] ";" methodspec [CFWS reasonspec] [CFWS 1*propspec]
///     methodspec     = [CFWS] method [CFWS] "=" [CFWS] result
///
/// Comments are skipped wherever CFWS may stand (nested, with quoted-pairs), values may be
/// quoted strings, and a `;` inside a quoted string or a comment separates nothing. Names and
/// results are lowercased (they are case-insensitive keywords); the authserv-id is lowercased too,
/// since it is a domain name in practice and compared as one. Malformed input gives what could be
/// read; a field without an authserv-id gives nil.
public struct AuthenticationResults: Sendable, Hashable {
    /// One `method=result` with its properties (`smtp.mailfrom=...`, `header.d=...`).
    public struct Result: Sendable, Hashable {
        /// `spf`, `dkim`, `dmarc`, ... without a `/version`.
        public var method: String
        /// `pass`, `fail`, `softfail`, `none`, `neutral`, `temperror`, `permerror`, `policy`, ...
        public var result: String
        /// `ptype.property` → value, e.g. `header.d` → `example.org`.
        public var properties: [String: String]
    }

    /// Who wrote the field: the receiving server's authserv-id.
    public var authservID: String
    public var results: [Result]

    public init?(_ value: [UInt8]) {
        let segments = Self.segments(of: value)
        guard let head = segments.first, let id = head.first(where: { !$0.isEmpty }) else { return nil }
        authservID = id.lowercased()
        results = segments.dropFirst().compactMap(Self.result)
    }

    /// The first result of `method`, if any.
    public func result(of method: String) -> String? {
        results.first { $0.method == method }?.result
    }

    /// `method[/version] = result  ptype.prop=value ...` from the words of one resinfo.
    private static func result(_ words: [String]) -> Result? {
        // Rejoin, then split on '=': the words are `dkim=pass`, or `dkim`, `=`, `pass` when spaced.
        var pairs: [(String, String)] = []
        var pending: String?
        var awaitingValue: String?
        for word in words {
            if let key = awaitingValue {
                pairs.append((key, word))
                awaitingValue = nil
            } else if word == "=" {
                awaitingValue = pending
                pending = nil
            } else if let equals = word.firstIndex(of: "=") {
                if let orphan = pending { pairs.append((orphan, "")) }
                pending = nil
                let key = String(word[..<equals]), value = String(word[word.index(after: equals)...])
                if value.isEmpty { awaitingValue = key } else { pairs.append((key, value)) }
            } else if pending == nil {
                pending = word
            }
        }
        guard let first = pairs.first else { return nil }
        let method = first.0.split(separator: "/", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        guard !method.isEmpty else { return nil }
        var properties: [String: String] = [:]
        for (key, value) in pairs.dropFirst() where key.contains(".") {
            properties[key.lowercased()] = properties[key.lowercased()] ?? value
        }
        return Result(method: method, result: first.1.lowercased(), properties: properties)
    }

    /// The field split on `;` into segments of words, comments dropped, quoted strings unquoted.
    /// `=` is kept inside a word (`spf=pass`) and as a word of its own when spaced (`spf = pass`).
    static func segments(of value: [UInt8]) -> [[String]] {
        var segments: [[String]] = [[]]
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty { segments[segments.count - 1].append(String(decoding: word, as: UTF8.self)) }
            word = []
        }
        var index = 0
        while index < value.count {
            let byte = value[index]
            switch byte {
            case UInt8(ascii: "("):
                endWord()
                index = value.withUnsafeBufferPointer { HeaderComment.end(in: $0, from: index).end }
                continue
            case UInt8(ascii: "\""):
                index += 1
                while index < value.count, value[index] != UInt8(ascii: "\"") {
                    if value[index] == UInt8(ascii: "\\"), index + 1 < value.count { index += 1 }
                    word.append(value[index])
                    index += 1
                }
            case UInt8(ascii: ";"):
                endWord()
                segments.append([])
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                endWord()
            case UInt8(ascii: "="):
                // `a = b`: a lone `=` between words; `a=b`: part of the word.
                if word.isEmpty {
                    let next = index + 1 < value.count ? value[index + 1] : UInt8(ascii: " ")
                    if next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "(") {
                        segments[segments.count - 1].append("=")
                    } else if let last = segments[segments.count - 1].popLast() {
                        word = Array(last.utf8) + [byte]   // `a =b`
                    } else {
                        word.append(byte)
                    }
                } else {
                    word.append(byte)
                }
            default:
                word.append(byte)
            }
            index += 1
        }
        endWord()
        return segments
    }
}
