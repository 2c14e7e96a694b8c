public import OfferCore
public import OfferStore

/// One offer as the evaluation committee reads it: the contract's `offers --json` object.
public struct RegisterEntry: Sendable {
    public struct Reply: Sendable {
        public var kind: String
        public var sentAt: Int64?
        public var state: String
        public var messageID: String
    }

    public struct Document: Sendable {
        /// The document's row (`file N` in `show`, the page's download link).
        public var row: Int64
        public var kind: DocumentKind
        public var filename: String
        public var sha256: String
        public var size: Int64
        public var language: String?
        /// The financial figures, for a financial offer.
        public var financial: StoredFigures?
    }

    public var id: String
    public var applicantName: String?
    public var applicantAddress: String
    public var status: OfferStatus
    public var receivedAt: Int64
    public var firstReceivedAt: Int64
    /// Current documents by kind (after resubmissions), in the order they came.
    public var documents: [DocumentKind: [Document]]
    public var missing: [DocumentKind]
    /// Message-IDs of the offer's messages (counted and not), oldest first.
    public var messageIDs: [String]
    public var lateMessages: Int
    public var replies: [Reply]
    public var attention: String?
    /// When a person recorded the applicant's request to withdraw it.
    public var withdrawnAt: Int64?
    /// The offer a person merged this one into (two addresses, one applicant).
    public var mergedInto: String?
    /// When retention removed the applicant's name and address (the tombstone stays).
    public var identityPurgedAt: Int64? = nil

    /// The kinds the contract lists under `documents`, in its order.
    public static let listedKinds: [DocumentKind] = [.letterOfIntent, .workplan, .financialOffer, .cv]
}

/// Builds register entries from the store with the call's rules.
public struct Register: Sendable {
    let database: OfferDatabase
    let rules: OfferRules
    /// `call.reference`, named in the opening record.
    let callReference: String

    public init(database: OfferDatabase, configuration: Configuration) {
        self.database = database
        self.rules = OfferRules(deadline: configuration.call.deadline, requiredDocuments: configuration.call.requiredDocuments)
        self.callReference = configuration.call.reference
    }

    /// The deadline the register is judged by (seconds since 1970).
    public var deadline: Int64 { rules.deadline }

    /// Every offer (or those of one status), in a fixed number of queries whatever their number:
    /// the offers, then their counted documents, messages and replies, each in one read.
    public func entries(status: OfferStatus? = nil) throws -> [RegisterEntry] {
        let offers = try database.offers(status: status)
        let contents = try database.contentsOfAllOffers()
        // A merged offer names the one it went into, which the status asked for may leave out.
        let all = status == nil ? offers : try database.offers()
        let publicIDs = Dictionary(all.map { ($0.id ?? 0, $0.publicID) }) { first, _ in first }
        return offers.map { offer in
            let id = offer.id ?? 0
            var entry = entry(offer, counted: contents.counted[id] ?? [], messages: contents.messages[id] ?? [],
                              replies: contents.replies[id] ?? [])
            entry.mergedInto = offer.mergedInto.flatMap { publicIDs[$0] }
            return entry
        }
    }

    /// Messages that wait for a person, by kind: quarantined, held, correspondence.
    public struct Waiting: Sendable {
        public var byKind: [ReviewRecord.Kind: Int]
        public var total: Int { byKind.values.reduce(0, +) }
        /// `1 quarantined, 2 held`.
        public var summary: String {
            [ReviewRecord.Kind.quarantined, .held, .correspondence].compactMap { kind in
                byKind[kind].map { "\($0) \(kind.rawValue)" }
            }.joined(separator: ", ")
        }
    }

    public func waitingForAPerson() throws -> Waiting {
        var counts: [ReviewRecord.Kind: Int] = [:]
        for (review, _) in try database.reviews() { counts[review.kind, default: 0] += 1 }
        return Waiting(byKind: counts)
    }

    public func entry(publicID: String) throws -> RegisterEntry? {
        try database.offer(publicID: publicID).map(entry)
    }

    func entry(_ offer: OfferRecord) throws -> RegisterEntry {
        let offerID = offer.id ?? 0
        var entry = entry(offer, counted: try database.countedDocuments(offerID: offerID), messages: try database.messages(offerID: offerID),
                          replies: try database.replies(offerID: offerID))
        entry.mergedInto = try offer.mergedInto.flatMap { try database.offer(id: $0)?.publicID }
        return entry
    }

    /// One offer as the register shows it, from what the store holds of it (no reads here).
    func entry(_ offer: OfferRecord, counted: [(document: DocumentRecord, internalDate: Int64)], messages: [MessageSummary],
               replies: [ReplyRecord]) -> RegisterEntry {
        let evaluation = rules.evaluate(firstReceivedAt: offer.firstReceivedAt, documents: counted.compactMap { $0.document.ruleDocument(receivedAt: $0.internalDate) })
        // The current documents of each kind, by identity: a resubmission under the same name is not confused with the original.
        let byID = Dictionary(counted.compactMap { entry in entry.document.id.map { ($0, entry.document) } }) { first, _ in first }
        var documents: [DocumentKind: [RegisterEntry.Document]] = [:]
        let unnamed = offer.identityPurgedAt == nil ? "(unnamed)" : "(name removed by retention)"
        for (kind, refs) in evaluation.current {
            documents[kind] = refs.compactMap { $0.row.flatMap { byID[$0] } }.map {
                RegisterEntry.Document(row: $0.id ?? 0, kind: kind, filename: $0.filename ?? unnamed, sha256: $0.sha256,
                                       size: $0.size, language: $0.language, financial: $0.financial)
            }
        }
        let replies = replies.map {
            RegisterEntry.Reply(kind: $0.kind.rawValue, sentAt: $0.sentAt, state: $0.state.rawValue, messageID: $0.rfc822MessageID)
        }
        return RegisterEntry(
            id: offer.publicID, applicantName: offer.applicantName, applicantAddress: offer.applicantAddress,
            status: offer.status, receivedAt: offer.receivedAt,
            firstReceivedAt: offer.firstReceivedAt, documents: documents, missing: evaluation.missing,
            messageIDs: messages.map { $0.messageID ?? "sha256:\($0.sha256)" }, lateMessages: messages.filter { !$0.counted && $0.late }.count,
            replies: replies, attention: offer.attention, withdrawnAt: offer.withdrawnAt, identityPurgedAt: offer.identityPurgedAt)
    }
}
