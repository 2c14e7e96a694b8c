import ArgumentParser
import Foundation
import OfferCore
import OfferStore
import OfferboxService

/// `offerbox purge [--dry-run]`: removes what `[retention]` no longer allows to be kept (the daemon
/// does it once a day too); `--dry-run` says what would go and changes nothing.
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Remove the personal data [retention] no longer allows to keep; the proofs (hashes, times) stay.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "Say what would be removed; change nothing.") var dryRun = false

    func run() throws {
        let loaded = try options.load()
        guard let policy = loaded.configuration.retention else {
            StandardError.print("offerbox: the configuration has no [retention] table: nothing is purged until the Secretariat sets the durations")
            throw ExitCode(ExitStatus.configuration)
        }
        let database = try options.openDatabase(loaded.configuration)
        let now = Int64(Date().timeIntervalSince1970)
        for category in RetentionPolicy.Category.allCases {
            let expiry = TimeText.format(policy.expiry(category), offsetMinutes: 0) + " UTC"
            print("\(category.rawValue): \(policy.isDue(category, now: now) ? "expired on" : "kept until") \(expiry)")
        }
        let report = try RetentionPurge(database: database, policy: policy).run(now: now, dryRun: dryRun)
        let verb = dryRun ? "would remove" : "removed"
        print("\(verb): identities of \(report.identities) offer(s), \(report.documents) document content(s), "
              + "\(report.rawMessages) raw message(s)" + (report.files > 0 ? " (and \(report.files) file(s) a crash had left)" : ""))
        if report.keptBack > 0 {
            StandardError.print("offerbox purge: \(report.keptBack) raw message(s) kept: a document decoded from them could not be stored apart "
                                + "(run offerbox verify)")
            throw ExitCode(1)
        }
    }
}
