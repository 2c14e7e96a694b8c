/// The replies offerbox sends, one template each, built in from `Replies/Templates/KIND.mustache`.
public enum ReplyKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every required document arrived before the deadline.
    case acknowledgment
    /// Received before the deadline, documents still missing.
    case incomplete
    /// Received at or after the deadline.
    case late
    /// A person's correction changed the offer's status or its current documents: what changed,
    /// and the documents as they now stand.
    case correction
}
