/// A configuration the daemon refuses to start with: names the file, the line and the key.
///
/// Never carries a secret: values of secret-bearing keys are not quoted in `reason`.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file read, as given.
    public var file: String
    /// 1-based line of the key (or of its table when the key is missing); nil when unknown.
    public var line: Int?
    /// Dotted key path, e.g. `mailbox[2].url` or `call.deadline`.
    public var key: String
    public var reason: String

    public init(file: String, line: Int?, key: String, reason: String) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(location): \(reason)" : "\(location): \(key): \(reason)"
    }
}
