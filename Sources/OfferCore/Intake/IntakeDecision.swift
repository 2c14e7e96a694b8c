/// What one stored message does to the register, decided in one pure function and applied by the
/// store in the transaction that stores the message: its category, whether it waits for a person,
/// which offer it belongs to and whether it counts, the offer's new state, the history entries and
/// the reply.
public struct IntakeDecision: Sendable, Hashable {
    /// What the message is; ``reason`` says why it was or was not answered.
    public var category: MessageCategory
    public var reason: String
    /// Whether its documents count toward the offer.
    public var counted: Bool
    /// Set aside for a person, with why.
    public var review: Review?
    public var offer: OfferChange
    /// In order; the store writes them with the decision's time.
    public var events: [OfferEvent]
    /// The reply to queue, to the offer's address only.
    public var reply: ReplyKind?
    /// The rules' view of the offer after this message (nil when no offer changes).
    public var evaluation: OfferRules.Evaluation?

    public struct Review: Sendable, Hashable {
        public var kind: ReviewKind
        public var reason: String
    }

    /// What happens to the applicant's offer.
    public enum OfferChange: Sendable, Hashable {
        /// The message belongs to no offer.
        case none
        /// Linked to the existing offer, which changes as given.
        case existing(OfferState)
        /// A new offer, in this state (the store mints its public id).
        case created(OfferState)

        public var state: OfferState? {
            switch self {
            case .none: nil
            case .existing(let state), .created(let state): state
            }
        }
    }

    /// What the decision reads.
    public struct Input: Sendable {
        public var facts: MessageFacts
        /// The Message-ID, for a withdrawal's note.
        public var messageID: String?
        /// The server's receipt time.
        public var receivedAt: Int64
        /// This message's documents as the rules see them (one per file and kind) and the kinds
        /// it holds, in order.
        public var documents: [OfferRules.Document]
        public var kinds: [DocumentKind]
        /// Files and links to hosted files found: none of either makes correspondence.
        public var fileCount: Int
        public var hostedLinkCount: Int
        /// The sender's offer as it is, and the documents of its counted messages.
        public var offer: OfferState?
        public var countedDocuments: [OfferRules.Document]
        /// Replies queued to the sender in the last day, read only when ``needsReplyCount``.
        public var repliesToday: Int
        /// A person decided it is the applicant's mail: neither the sender hold nor the correspondence rule applies.
        public var released: Bool

        public init(facts: MessageFacts, messageID: String?, receivedAt: Int64, documents: [OfferRules.Document], kinds: [DocumentKind],
                    fileCount: Int, hostedLinkCount: Int, offer: OfferState?, countedDocuments: [OfferRules.Document],
                    repliesToday: Int, released: Bool) {
            self.facts = facts
            self.messageID = messageID
            self.receivedAt = receivedAt
            self.documents = documents
            self.kinds = kinds
            self.fileCount = fileCount
            self.hostedLinkCount = hostedLinkCount
            self.offer = offer
            self.countedDocuments = countedDocuments
            self.repliesToday = repliesToday
            self.released = released
        }
    }
}
