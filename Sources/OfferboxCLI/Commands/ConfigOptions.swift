import ArgumentParser
import Foundation
import OfferboxService
import OfferStore

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
            throw ExitCode(2)
        }
    }

    /// Opens the register's database, creating nothing but the schema.
    func openDatabase(_ configuration: Configuration) throws -> OfferDatabase {
        do {
            return try OfferDatabase.open(path: configuration.store.database)
        } catch {
            StandardError.print("offerbox: cannot open the database \(configuration.store.database): \(error)")
            throw ExitCode(1)
        }
    }
}
