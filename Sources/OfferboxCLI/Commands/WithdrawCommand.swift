import ArgumentParser
import Foundation
import OfferboxService

/// `offerbox withdraw OFFER --reason TEXT`: the applicant asked to withdraw their offer.
struct WithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Record that the applicant asked to withdraw an offer (nothing is deleted; an event: who and why).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The offer, e.g. ASTON-2022-0007.") var offer: String
    @Option(name: .long, help: "Why (recorded with your login name).") var reason: String

    func run() throws {
        try ReviewTarget.correct(options: options) { pipeline, person, now in
            let outcome = try pipeline.withdraw(offer: offer, by: person, reason: reason, now: now)
            return "offer \(outcome.offerID): withdrawn; \(TerminalText.safe(outcome.replyDecision))"
        }
    }
}
