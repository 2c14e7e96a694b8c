import Foundation
public import Logging

/// Log lines for journald: the syslog priority as a `<N>` prefix (so `journalctl -p warning` works),
/// no timestamp of our own (the journal adds one), one line per message, metadata as `key=value`.
///
/// Used when systemd connects standard error to the journal (`$JOURNAL_STREAM` is set); elsewhere
/// the plain stream handler is used. Callers keep secrets and applicant text out of messages and
/// metadata; this handler additionally folds any line break so one entry can never forge another.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) { self.label = label }

    /// Whether standard error is the journal (systemd sets `JOURNAL_STREAM=device:inode` of the stream).
    public static var isConnectedToJournal: Bool { ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        var line = "<\(Self.priority(event.level))>\(Self.singleLine(event.message.description))"
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.singleLine("\($0.value)"))" }.joined(separator: " ")
        }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// syslog(3) priorities: debug 7, info 6, notice 5, warning 4, error 3, critical 2.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    static func singleLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
