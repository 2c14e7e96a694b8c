public import OfferboxService
import OfferCore
import OfferStore
import Logging
/// What one user may see of the register at one moment: a pure function of the role and of
/// whether the offers are still sealed (before `call.deadline`), so that every page, export and
/// download asks the same question and gets the same answer.
///
/// The seal is access control on this page, as eSubmission keeps tenders closed until the
/// opening: the committee sees, before the deadline, each offer's id, applicant, receipt times,
/// status and missing kinds, and nothing that comes from the documents or the replies.
public struct Visibility: Sendable, Equatable {
    public var role: WebRole
    public var sealed: Bool

    public init(role: WebRole, sealed: Bool) {
        self.role = role
        self.sealed = sealed
    }

    /// Under the seal (committee and auditor before the deadline), nothing that came out of a
    /// document or went into a reply: no file name, document, text, language, figures or reply text.
    private var unsealedOrSecretariat: Bool { role == .secretariat || !sealed }

    /// File names, kinds of individual files, sizes, SHA-256, language, confidence and reasons; the
    /// messages' subjects and the attention notes (which quote them).
    public var documents: Bool { unsealedOrSecretariat }
    /// Opening or downloading a document, and the export of every document.
    public var downloads: Bool { unsealedOrSecretariat }
    /// The financial figures (daily rate, days, total, over the cap).
    public var financials: Bool { unsealedOrSecretariat }
    /// The text of the replies sent to applicants.
    public var replyText: Bool { unsealedOrSecretariat }
    /// The offer's history; for the auditor also under the seal (with file names left out).
    public var history: Bool { role != .committee || !sealed }
    /// The register as CSV (it lists file names and figures).
    public var registerExport: Bool { unsealedOrSecretariat }
    /// Corrections by a person (reclassify, withdraw, merge, answered).
    public var corrections: Bool { role == .secretariat }
    /// The list of messages waiting for a person (their senders and subjects).
    public var reviewQueue: Bool { role == .secretariat }
}
