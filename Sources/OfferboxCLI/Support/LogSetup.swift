import ArgumentParser
import Logging
import OfferboxService

/// The log goes to the journal under systemd (with its priorities), else to standard error.
enum LogSetup {
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            if JournalLogHandler.isConnectedToJournal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// `--log-level`, shared by the commands that run for a while (`run`, `serve`).
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.",
            transform: { text in
                guard let level = Logger.Level(rawValue: text) else { throw ValidationError("unknown log level \(text)") }
                return level
            })
    var logLevel: Logger.Level = .info

    /// Sets up logging and returns the command's logger.
    func bootstrap() -> Logger {
        LogSetup.bootstrap(level: logLevel)
        return Logger(label: "offerbox")
    }
}
