import ArgumentParser
import Foundation
import OfferCore
import OfferboxService

/// `offerbox merge OFFER OTHER --reason TEXT`: two addresses, one applicant.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge offer OTHER into OFFER: two addresses, one applicant (nothing deleted; an event: who and why).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The offer that stays, e.g. ASTON-2022-0007.") var offer: String
    @Argument(help: "The offer whose messages move into it.") var other: String
    @Option(name: .long, help: "Why (recorded with your login name).") var reason: String

    func run() throws {
        let (pipeline, _) = try ReviewTarget.pipeline(options: options)
        do {
            let outcome = try pipeline.merge(offer: offer, other: other, by: Person.current(), reason: reason,
                                             now: Int64(Date().timeIntervalSince1970))
            let status = outcome.statusBefore == outcome.statusAfter
                ? outcome.statusAfter.rawValue : "\(outcome.statusBefore.rawValue) → \(outcome.statusAfter.rawValue)"
            print("offer \(other) merged into \(outcome.offerID): \(status); \(TerminalText.safe(outcome.replyDecision))")
        } catch let error as CorrectionError {
            StandardError.print("offerbox: \(TerminalText.safe(error.description))")
            throw ExitCode(1)
        }
    }
}
