import ArgumentParser
import Foundation
import OfferStore
import Logging
import OfferboxService
import OfferboxWeb
import ServiceLifecycle
import UnixSignals

/// `offerbox serve`: the register's web page alone, on the daemon's database. It never changes the
/// register (no corrections); it only appends who opened which document.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the register's web page ([web] in the config) without fetching mail; read-only.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.bootstrap()
        let loaded = try options.load()
        for warning in loaded.warnings { logger.warning("\(warning)") }
        guard loaded.configuration.web != nil else {
            StandardError.print("offerbox: the configuration has no [web] table: nothing to serve")
            throw ExitCode(ExitStatus.configuration)
        }
        // The page reads the daemon's register: it never creates one (a mistyped path would serve an empty register).
        guard FileManager.default.fileExists(atPath: loaded.configuration.store.database) else {
            StandardError.print("offerbox: \(loaded.configuration.store.database) does not exist: run offerbox run first, or fix [store] database")
            throw ExitCode(ExitStatus.configuration)
        }
        let database = try options.openDatabase(loaded.configuration)
        if let inForce = try database.deadlineInForce(), inForce > loaded.configuration.call.deadline {
            StandardError.print("offerbox: call.deadline (\(TimeText.rfc3339(loaded.configuration.call.deadline))) is earlier than the deadline "
                                + "in force (\(TimeText.rfc3339(inForce))): serve with the daemon's configuration")
            throw ExitCode(ExitStatus.configuration)
        }
        let site = try Site(configuration: loaded.configuration, database: database, pipeline: nil, logger: logger)
        let group = ServiceGroup(services: [try WebApplication.service(site: site)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        logger.info("the register's web page is served (read-only)", metadata: ["ob.web.listen": "\(site.web.host):\(site.web.port)"])
        try await group.run()
    }
}
