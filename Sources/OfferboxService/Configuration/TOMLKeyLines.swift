import TextBasics

/// Where each key of a TOML document stands, for error messages that name the line.
///
/// TOMLKit (toml++) reports lines for syntax errors only; for an unknown key or a wrong type we
/// find the line ourselves with a light scan of the text: table headers (`[smtp]`, `[[mailbox]]`,
/// numbered `mailbox[1]`, `mailbox[2]`, ...) and `key =` lines, skipping the insides of multi-line
/// arrays and strings. Paths are the loader's: `call.deadline`, `mailbox[2].url`.
struct TOMLKeyLines {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        var depth = 0
        var inMultilineString: String?
        // "\r\n" is one Character in Swift: a file written on Windows ends its lines with it.
        let textLines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, raw) in textLines.enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: " \t\r")
            if let delimiter = inMultilineString {
                if line.contains(delimiter) { inMultilineString = nil }
                continue
            }
            if depth > 0 {
                depth = max(0, depth + Self.bracketBalance(line))
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = Self.headerName(line.dropFirst(2))
                let index = (arrayCounts[name] ?? 0) + 1
                arrayCounts[name] = index
                table = "\(name)[\(index)]"
                lines[table] = number
                continue
            }
            if line.hasPrefix("[") {
                table = Self.headerName(line.dropFirst())
                lines[table] = number
                continue
            }
            guard let equals = Self.assignment(line) else { continue }
            let key = Self.unquote(line[..<equals])
            let path = table.isEmpty ? key : "\(table).\(key)"
            if lines[path] == nil { lines[path] = number }
            let value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                if !value.dropFirst(3).contains(delimiter) { inMultilineString = delimiter }
            }
            if inMultilineString == nil, value.hasPrefix("[") { depth = max(0, Self.bracketBalance(value)) }
        }
    }

    /// The line of `path`, else of the nearest enclosing table that has one.
    func line(of path: String) -> Int? {
        var candidate = path
        while true {
            if let line = lines[candidate] { return line }
            guard let dot = candidate.lastIndex(of: ".") else { return nil }
            candidate = String(candidate[..<dot])
        }
    }

    private static func headerName(_ rest: Substring) -> String {
        let name = rest.prefix { $0 != "]" }
        return name.split(separator: ".").map { unquote($0) }.joined(separator: ".")
    }

    /// The `=` of a `key = value` line, outside quotes.
    private static func assignment(_ line: String) -> String.Index? {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            } else if character == "#" {
                return nil
            }
        }
        return nil
    }

    private static func unquote(_ key: Substring) -> String {
        let trimmed = key.trimmingCharacters(in: " \t")
        if trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }

    /// `[` minus `]` outside strings, to follow a multi-line array.
    private static func bracketBalance(_ text: String) -> Int {
        var balance = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "[": balance += 1
            case "]": balance -= 1
            case "#": return balance
            default: break
            }
        }
        return balance
    }
}
