import ArgumentParser
import Foundation
import OfferCore
import OfferboxService

/// `offerbox reclassify OFFER FILE KIND --reason TEXT`: a person says what a document is; the
/// offer is evaluated again and, when that changes what the applicant was told, a corrected
/// receipt goes to them.
struct ReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Correct a document's kind (or say it is not a document); the offer is evaluated again (an event: who and why).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The offer, e.g. ASTON-2022-0007.") var offer: String
    @Argument(help: "The file: its number in `offerbox show` or its file name.") var file: String
    @Argument(help: "letter_of_intent, workplan, financial_offer, cv, other, or none (not a document).") var kind: String
    @Option(name: .long, help: "Why (recorded with your login name).") var reason: String

    func validate() throws {
        guard kind == "none" || DocumentKind(rawValue: kind) != nil else {
            throw ValidationError("KIND must be one of letter_of_intent, workplan, financial_offer, cv, other, none")
        }
    }

    func run() throws {
        try ReviewTarget.correct(options: options) { pipeline, person, now in
            let outcome = try pipeline.reclassify(offer: offer, file: file, as: DocumentKind(rawValue: kind), by: person, reason: reason, now: now)
            return "offer \(outcome.offerID): \(outcome.statusText); \(TerminalText.safe(outcome.replyDecision))"
        }
    }
}

extension CorrectionOutcome {
    /// `accepted`, or `incomplete → accepted` when the correction moved it.
    var statusText: String {
        statusBefore == statusAfter ? statusAfter.rawValue : "\(statusBefore.rawValue) → \(statusAfter.rawValue)"
    }
}
