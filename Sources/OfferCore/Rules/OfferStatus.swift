/// The status of an offer, as the contract names it.
public enum OfferStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every required document arrived before the deadline.
    case accepted
    /// Received before the deadline, still missing documents.
    case incomplete
    /// The first message of the offer reached the mailbox at or after the deadline.
    case late
}
