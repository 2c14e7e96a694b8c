import TOMLKit
import TextBasics

/// Reads one TOML table key by key, checking types, remembering which keys were read, and
/// turning every problem into a ``ConfigurationError`` that names the key and its line.
struct ConfigurationTableReader {
    let table: TOMLTable
    /// `call`, `mailbox[2]`, ...
    let path: String
    let context: ConfigurationContext
    private var read: Set<String> = []

    init(_ table: TOMLTable, path: String, context: ConfigurationContext) {
        self.table = table
        self.path = path
        self.context = context
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ reason: String) -> ConfigurationError {
        context.error(keyPath(key), reason)
    }

    private mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        read.insert(key)
        return table[key]
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.string else { throw error(key, "expected a string, found \(Self.describe(value))") }
        return string
    }

    mutating func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let string = try string(key) else { throw error(key, "required key is missing") }
        guard !string.trimmingCharacters(in: " \t").isEmpty else { throw error(key, "must not be empty") }
        return string
    }

    mutating func int(_ key: String, default fallback: Int, minimum: Int) throws(ConfigurationError) -> Int {
        guard let value = value(key) else { return fallback }
        guard let int = value.int else { throw error(key, "expected an integer, found \(Self.describe(value))") }
        guard int >= minimum else { throw error(key, "must be at least \(minimum), found \(int)") }
        return int
    }

    mutating func bool(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let value = value(key) else { return fallback }
        guard let bool = value.bool else { throw error(key, "expected true or false, found \(Self.describe(value))") }
        return bool
    }

    mutating func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw error(key, "expected an array of strings, found \(Self.describe(value))") }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else {
                throw error(key, "expected an array of strings, found an element that is \(Self.describe(element))")
            }
            strings.append(string)
        }
        return strings
    }

    mutating func dateTime(_ key: String) throws(ConfigurationError) -> TOMLDateTime? {
        guard let value = value(key) else { return nil }
        guard let dateTime = value.dateTime else {
            throw error(key, "expected a date-time with offset such as 2022-06-27T23:00:00Z, found \(Self.describe(value))")
        }
        return dateTime
    }

    mutating func table(_ key: String) throws(ConfigurationError) -> ConfigurationTableReader? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw error(key, "expected a table [\(keyPath(key))], found \(Self.describe(value))") }
        return ConfigurationTableReader(table, path: keyPath(key), context: context)
    }

    /// `[[key]]`: an array of tables, numbered from 1 in paths and messages.
    mutating func tables(_ key: String) throws(ConfigurationError) -> [ConfigurationTableReader]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw error(key, "expected one or more [[\(keyPath(key))]] tables, found \(Self.describe(value))") }
        var readers: [ConfigurationTableReader] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else { throw error(key, "expected [[\(keyPath(key))]] tables, found \(Self.describe(element))") }
            readers.append(ConfigurationTableReader(table, path: "\(keyPath(key))[\(index + 1)]", context: context))
        }
        return readers
    }

    /// Fails on the first key that was never read: a typo must not be silently ignored.
    func rejectUnknownKeys() throws(ConfigurationError) {
        for key in table.keys.sorted() where !read.contains(key) {
            throw error(key, "unknown key")
        }
    }

    static func describe(_ value: any TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .date: return "a date without time"
        case .time: return "a time without date"
        case .dateTime: return value.dateTime?.offset == nil ? "a local date-time without offset" : "a date-time"
        case .array: return "an array"
        case .table: return "a table"
        @unknown default: return "a value of another type"
        }
    }
}

/// The file being read, for error messages.
struct ConfigurationContext {
    let file: String
    let lines: TOMLKeyLines

    func error(_ keyPath: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, line: lines.line(of: keyPath), key: keyPath, reason: reason)
    }
}
