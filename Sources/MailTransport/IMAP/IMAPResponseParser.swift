/// Parsers for the untagged IMAP responses this client asks for (RFC 3501 §7).
/// Each takes the lines libcurl delivered and ignores the rest: servers may
/// interleave unsolicited `* N EXISTS`, `* FLAGS`, `* N EXPUNGE` at any time.
enum IMAPResponseParser {
    /// UIDs of every `* SEARCH` line (RFC 3501 §7.2.5).
    static func searchUIDs(_ lines: [String]) -> [UInt32] {
        var uids: [UInt32] = []
        for line in lines where hasPrefixIgnoringCase(line, "* SEARCH") {
            for word in line.dropFirst(8).split(separator: " ") {
                if let uid = UInt32(word) { uids.append(uid) }
            }
        }
        return uids
    }

    /// `* STATUS "name" (MESSAGES 10 UIDNEXT 11 UIDVALIDITY 1795759253)` (RFC 3501 §7.2.4).
    static func status(_ lines: [String]) -> (messages: Int?, uidNext: UInt32?, uidValidity: UInt32?)? {
        for line in lines where hasPrefixIgnoringCase(line, "* STATUS ") {
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { continue }
            let words = line[line.index(after: open)..<close].split(separator: " ")
            var result: (messages: Int?, uidNext: UInt32?, uidValidity: UInt32?) = (nil, nil, nil)
            var index = 0
            while index + 1 < words.count {
                switch words[index].uppercased() {
                case "MESSAGES": result.messages = Int(words[index + 1])
                case "UIDNEXT": result.uidNext = UInt32(words[index + 1])
                case "UIDVALIDITY": result.uidValidity = UInt32(words[index + 1])
                default: break
                }
                index += 2
            }
            return result
        }
        return nil
    }

    /// What SELECT/EXAMINE reported (RFC 3501 §6.3.1): response codes and EXISTS.
    struct SelectInfo: Equatable {
        var uidValidity: UInt32?
        var uidNext: UInt32?
        var exists: Int?
    }

    static func selectInfo(_ lines: [String]) -> SelectInfo {
        var info = SelectInfo()
        for line in lines where line.hasPrefix("* ") {
            if let value = responseCode(line, "UIDVALIDITY") { info.uidValidity = UInt32(value) }
            if let value = responseCode(line, "UIDNEXT") { info.uidNext = UInt32(value) }
            if let count = exists(line) { info.exists = count }
        }
        return info
    }

    /// N of `* N EXISTS`.
    static func exists(_ line: String) -> Int? {
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "*", words[2].uppercased() == "EXISTS" else { return nil }
        return Int(words[1])
    }

    /// The argument of a bracketed response code such as `[UIDNEXT 11]` anywhere in the line.
    static func responseCode(_ line: String, _ name: String) -> Substring? {
        guard let open = line.firstIndex(of: "[") else { return nil }
        let inside = line[line.index(after: open)...]
        guard let close = inside.firstIndex(of: "]") else { return nil }
        let words = inside[..<close].split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0].uppercased() == name else { return nil }
        return words[1]
    }

    /// Capabilities from `* CAPABILITY ...` or a `[CAPABILITY ...]` response code, upper-cased.
    static func capabilities(_ lines: [String]) -> Set<String>? {
        var found: Set<String>?
        for line in lines {
            if hasPrefixIgnoringCase(line, "* CAPABILITY ") {
                found = Set(line.dropFirst(13).split(separator: " ").map { $0.uppercased() })
            } else if let list = responseCode(line, "CAPABILITY") {
                found = Set(list.split(separator: " ").map { $0.uppercased() })
            }
        }
        return found
    }

    /// Source UIDs of `[COPYUID validity source destination]` (RFC 4315 §3), in any line.
    static func copiedUIDs(_ lines: [String]) -> [UInt32] {
        var uids: [UInt32] = []
        for line in lines {
            guard let value = responseCode(line, "COPYUID") else { continue }
            let words = value.split(separator: " ")
            if words.count == 3, let source = UIDSet.parse(words[1]) { uids += source }
        }
        return uids
    }

    /// The attributes of a `* N FETCH (...)` line that carries no literal (RFC 3501 §7.4.2).
    struct FetchAttributes: Equatable {
        var uid: UInt32?
        var flags: [String]?
        var internalDate: String?
        var size: Int?
    }

    static func fetchAttributes(_ line: String) -> FetchAttributes? {
        let bytes = Array(line.utf8)
        // "* " number " FETCH ("
        var index = 0
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "*"), bytes[1] == UInt8(ascii: " ") else { return nil }
        index = 2
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > 2, index < bytes.count, bytes[index] == UInt8(ascii: " ") else { return nil }
        let keyword = Array(" FETCH (".utf8)
        guard bytes.count >= index + keyword.count,
              zip(bytes[index..<index + keyword.count], keyword).allSatisfy({ upper($0) == $1 })
        else { return nil }
        var tokenizer = Tokenizer(bytes: bytes, index: index + keyword.count)
        var result = FetchAttributes()
        while let name = tokenizer.next() {
            guard case .atom(let key) = name else {
                if case .close = name { break }
                continue
            }
            guard let value = tokenizer.next() else { break }
            switch key.uppercased() {
            case "UID": if case .atom(let text) = value { result.uid = UInt32(text) }
            case "RFC822.SIZE": if case .atom(let text) = value { result.size = Int(text) }
            case "INTERNALDATE": if case .quoted(let text) = value { result.internalDate = text }
            case "FLAGS": if case .list(let items) = value { result.flags = items }
            default: break
            }
        }
        return result
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }

    static func hasPrefixIgnoringCase(_ line: String, _ prefix: String) -> Bool {
        line.utf8.count >= prefix.utf8.count && line.prefix(prefix.count).uppercased() == prefix.uppercased()
    }

    /// Atoms, quoted strings and one level of parenthesised atom lists; enough for FETCH metadata.
    private struct Tokenizer {
        enum Token { case atom(String), quoted(String), list([String]), close }
        let bytes: [UInt8]
        var index: Int

        mutating func next() -> Token? {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ")"):
                index += 1
                return .close
            case UInt8(ascii: "\""):
                index += 1
                var text: [UInt8] = []
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                    text.append(bytes[index])
                    index += 1
                }
                index += 1
                return .quoted(String(decoding: text, as: UTF8.self))
            case UInt8(ascii: "("):
                index += 1
                var items: [String] = []
                var depth = 1
                var current: [UInt8] = []
                while index < bytes.count, depth > 0 {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "(") { depth += 1 }
                    if byte == UInt8(ascii: ")") { depth -= 1 }
                    if byte == UInt8(ascii: " ") || depth == 0 {
                        if !current.isEmpty { items.append(String(decoding: current, as: UTF8.self)) }
                        current = []
                    } else {
                        current.append(byte)
                    }
                    index += 1
                }
                return .list(items)
            default:
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: ")"),
                      bytes[index] != UInt8(ascii: "(") {
                    index += 1
                }
                return .atom(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }
    }
}
