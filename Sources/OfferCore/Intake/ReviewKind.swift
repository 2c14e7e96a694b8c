/// Why a message waits for a person instead of changing the register by itself.
public enum ReviewKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its sender failed DMARC or SPF, or is less authenticated than the offer it would change.
    case held
    /// The daemon died while processing it, several times: never processed again by itself.
    case quarantined
    /// A question or remark with no document: for a person to answer, never an offer.
    case correspondence
}

/// What a person decided about a message that waited for one.
public enum ReviewDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// Processed as the applicant's mail after all (counted, answered by the usual rules).
    case released
    /// Left as it is: stored, never counted, never answered.
    case dismissed
    /// A person answered it themselves (a question): stored, never counted, no robot reply.
    case answered
}
