import ArgumentParser
import Foundation
import OfferboxService
import OfferStore

/// The exit statuses of the commands (the systemd unit does not restart on a configuration error).
enum ExitStatus {
    /// A mail server or the store failed in a way the retries did not overcome.
    static let failure: Int32 = 1
    /// The configuration, a secret, a certificate or a login is wrong: the operator must fix it (EX_CONFIG).
    static let configuration: Int32 = 78
}

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $OFFERBOX_CONFIG, else /etc/offerbox/offerbox.toml).")
    var config: String?

    var path: String {
        config ?? ProcessInfo.processInfo.environment["OFFERBOX_CONFIG"] ?? Configuration.defaultPath
    }

    /// Loads and validates the configuration; a bad one ends the command with its one-line reason and status 2.
    func load() throws -> Configuration.Loaded {
        do {
            return try Configuration.load(path: path)
        } catch {
            StandardError.print("offerbox: \(error.description)")
            throw ExitCode(ExitStatus.configuration)
        }
    }

    /// Opens the register's database, creating nothing but the schema.
    func openDatabase(_ configuration: Configuration) throws -> OfferDatabase {
        do {
            return try OfferDatabase.open(path: configuration.store.database, filesDirectory: configuration.store.filesDirectory)
        } catch {
            StandardError.print("offerbox: cannot open the database \(configuration.store.database): \(error)")
            throw ExitCode(1)
        }
    }
}
