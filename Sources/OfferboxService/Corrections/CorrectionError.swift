public import OfferCore

/// Why a person's correction was refused; the register is left as it was.
public enum CorrectionError: Error, CustomStringConvertible, Equatable {
    case noSuchOffer(String)
    case noSuchFile(offer: String, file: String, files: [String])
    case ambiguousFile(offer: String, file: String, rows: [String])
    case nothingToChange(String)
    case emptyReason
    case mergedAway(String)
    /// Retention removed the applicant's identity: the offer is a tombstone, never corrected again.
    case purged(String)
    /// The configured deadline is not the one in force: the daemon applies it when it starts.
    case deadlineNotInForce(configured: Int64, inForce: Int64)

    public var description: String {
        switch self {
        case .noSuchOffer(let id): "no offer \(id)"
        case .noSuchFile(let offer, let file, let files):
            "offer \(offer) has no file \(file); its files: " + (files.isEmpty ? "none" : files.joined(separator: "; "))
        case .ambiguousFile(let offer, let file, let rows):
            "offer \(offer) has several files named \(file); name one by its number: " + rows.joined(separator: "; ")
        case .nothingToChange(let what): "nothing to change: \(what)"
        case .emptyReason: "a correction needs a reason (--reason)"
        case .mergedAway(let id): "offer \(id) was merged into another: correct that one (see offerbox show \(id))"
        case .purged(let id): "offer \(id) is a tombstone: retention removed its applicant's identity"
        case .deadlineNotInForce(let configured, let inForce):
            "call.deadline (\(TimeText.rfc3339(configured))) is not the deadline in force (\(TimeText.rfc3339(inForce))): "
                + "start the daemon (or offerbox run --once) to apply it, then correct"
        }
    }
}

/// What a correction did.
public struct CorrectionOutcome: Sendable, Equatable {
    public var offerID: String
    public var statusBefore: OfferStatus
    public var statusAfter: OfferStatus
    /// The corrected receipt queued for the applicant, or why none was.
    public var reply: ReplyKind?
    public var replyDecision: String
}
