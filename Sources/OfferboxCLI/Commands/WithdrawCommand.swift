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
        let (pipeline, _) = try ReviewTarget.pipeline(options: options)
        do {
            let outcome = try pipeline.withdraw(offer: offer, by: Person.current(), reason: reason, now: Int64(Date().timeIntervalSince1970))
            print("offer \(outcome.offerID): withdrawn; \(TerminalText.safe(outcome.replyDecision))")
        } catch let error as CorrectionError {
            StandardError.print("offerbox: \(TerminalText.safe(error.description))")
            throw ExitCode(1)
        }
    }
}
