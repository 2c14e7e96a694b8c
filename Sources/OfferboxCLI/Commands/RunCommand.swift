import ArgumentParser
import Logging
import MailTransport
import OfferboxService

/// `offerbox run [--once]`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Watch every mailbox, ingest new messages, update offers, send replies; --once: one cycle, then exit.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "One full cycle (fetch everything new, process it, flush the outbox), then exit 0.") var once = false
    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.",
            transform: { text in
                guard let level = Logger.Level(rawValue: text) else { throw ValidationError("unknown log level \(text)") }
                return level
            })
    var logLevel: Logger.Level = .info

    func run() async throws {
        let level = logLevel
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
        let logger = Logger(label: "offerbox")
        let loaded = try options.load()
        for warning in loaded.warnings { logger.warning("\(warning)") }
        let daemon: IntakeDaemon
        do {
            daemon = try IntakeDaemon(configuration: loaded.configuration, logger: logger)
        } catch let error as StoreFailure {
            // Busy or failing storage at start is not the operator's configuration: worth a restart.
            StandardError.print("offerbox: \(error)")
            throw ExitCode(ExitStatus.failure)
        } catch {
            StandardError.print("offerbox: \(error)")
            throw ExitCode(ExitStatus.configuration)
        }
        do {
            if once {
                let summary = try await daemon.runOnce()
                logger.info("cycle done", metadata: [
                    "ob.fetched": "\(summary.fetched)", "ob.stored": "\(summary.stored)", "ob.duplicates": "\(summary.duplicates)",
                    "ob.replies.sent": "\(summary.repliesSent)", "ob.replies.deferred": "\(summary.repliesDeferred)",
                    "ob.replies.failed": "\(summary.repliesFailed)",
                ])
            } else {
                try await daemon.run()
            }
        } catch let error as MailTransportError {
            StandardError.print("offerbox: \(error)")
            throw ExitCode(error.kind == .configuration ? ExitStatus.configuration : ExitStatus.failure)
        } catch {
            StandardError.print("offerbox: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
    }
}
