import ArgumentParser
import Foundation
import OfferCore
import OfferStore
import OfferboxService

/// `offerbox erase ADDRESS`: an erasure request. Mail that made no offer goes at once; an offer
/// only once the call's records may go ([retention]); the tombstone stays, as for retention.
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase what the register holds about ADDRESS (refused, with the reason, while the call keeps its records).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The e-mail address whose data is to be erased.") var address: String

    func run() throws {
        let loaded = try options.load()
        // Without [retention] the call's duty has no end the register knows: offers are never erased.
        let policy = loaded.configuration.retention ?? RetentionPolicy.keepingForever(from: loaded.configuration.call.deadline)
        let database = try options.openDatabase(loaded.configuration)
        do {
            let erased = try RetentionPurge(database: database, policy: policy).erase(address: address, now: Int64(Date().timeIntervalSince1970))
            print("erased: \(erased.messages) message(s), \(erased.documents) document content(s), \(erased.replies) reply text(s)"
                  + (erased.offers.isEmpty ? "" : "; offers \(erased.offers.joined(separator: ", ")) kept as tombstones"))
        } catch let refusal as RetentionPurge.ErasureRefused {
            if case .recordOfTheCall(let offers, _) = refusal, loaded.configuration.retention == nil {
                StandardError.print("offerbox erase: refused: \(offers.joined(separator: ", ")) is a record of the call, and the configuration "
                                    + "has no [retention]: the call keeps its records until the Secretariat sets how long")
                throw ExitCode(1)
            }
            StandardError.print("offerbox erase: \(refusal)")
            throw ExitCode(1)
        }
    }
}
