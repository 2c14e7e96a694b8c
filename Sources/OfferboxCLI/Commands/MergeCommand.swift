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
        try ReviewTarget.correct(options: options) { pipeline, person, now in
            let outcome = try pipeline.merge(offer: offer, other: other, by: person, reason: reason, now: now)
            return "offer \(other) merged into \(outcome.offerID): \(outcome.statusText); \(TerminalText.safe(outcome.replyDecision))"
        }
    }
}
