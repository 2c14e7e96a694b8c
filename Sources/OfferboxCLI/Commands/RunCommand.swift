import ArgumentParser
import Logging
import MailTransport
import OfferboxService
import OfferboxWeb
import ServiceLifecycle

/// `offerbox run [--once]`: the daemon, and the register's web page when `[web]` is configured.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Watch every mailbox, ingest new messages, update offers, send replies; --once: one cycle, then exit.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "One full cycle (fetch everything new, process it, flush the outbox), then exit 0.") var once = false
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.bootstrap()
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
                var metadata: Logger.Metadata = [
                    "ob.fetched": "\(summary.fetched)", "ob.stored": "\(summary.stored)", "ob.duplicates": "\(summary.duplicates)",
                    "ob.replies.sent": "\(summary.repliesSent)", "ob.replies.deferred": "\(summary.repliesDeferred)",
                    "ob.replies.failed": "\(summary.repliesFailed)",
                ]
                // Busy seconds per stage, summed over messages (they overlap): where the cycle's time went.
                for (stage, seconds) in daemon.stages.seconds {
                    metadata["ob.stage.\(stage.rawValue)_s"] = "\((seconds * 1000).rounded() / 1000)"
                }
                metadata["ob.texts.cached"] = "\(daemon.textReadings.cached)"
                metadata["ob.texts.read"] = "\(daemon.textReadings.read)"
                logger.info("cycle done", metadata: metadata)
            } else {
                var alongside: [any Service] = []
                if loaded.configuration.web != nil {
                    let site = try Site(configuration: loaded.configuration, database: daemon.register, pipeline: daemon.correctionDesk(),
                                        logger: logger)
                    alongside.append(try WebApplication.service(site: site, corrected: { daemon.ringOutbox() }))
                    logger.info("the register's web page is served", metadata: ["ob.web.listen": "\(site.web.host):\(site.web.port)"])
                }
                try await daemon.run(alongside: alongside)
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
