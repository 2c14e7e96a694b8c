public import OfferCore
public import OfferStore

/// `offerbox erase ADDRESS`: an applicant's request for erasure (GDPR article 17), carried out by the
/// same steps as retention, with the same tombstone; refused, with its reason, while the call's own
/// duty to keep its records applies.
extension RetentionPurge {
    public struct Erasure: Sendable, Equatable {
        public var offers: [String]
        public var messages: Int
        public var documents: Int
        public var replies: Int
    }

    public enum ErasureRefused: Error, CustomStringConvertible, Equatable {
        /// An offer of this address is a record of the call, kept until `until`.
        case recordOfTheCall(offers: [String], until: Int64)
        case nothingHeld(String)

        public var description: String {
            switch self {
            case .recordOfTheCall(let offers, let until):
                "refused: \(offers.joined(separator: ", ")) is a record of the call, which [retention] keeps until \(TimeText.rfc3339(until)) "
                    + "(documents_days from counted_from); it is removed then, by the daily purge"
            case .nothingHeld(let address): "nothing is held about \(address)"
            }
        }
    }

    /// Erases what the register holds about `address`: mail that made no offer at once, an offer
    /// only once the call's records may go. The address's messages in another applicant's offer
    /// (it was only their Reply-To) lose that address and nothing else. Content another offer still
    /// holds is kept. The order makes a cut-short erasure complete on a rerun: the bytes first,
    /// the names (by which the address is found again) last.
    public func erase(address: String, now: Int64) throws -> Erasure {
        let data = try database.personalData(address: address)
        guard !data.offers.isEmpty || !data.messages.isEmpty || !data.replies.isEmpty else { throw ErasureRefused.nothingHeld(address) }
        if !data.offers.isEmpty, !policy.isDue(.documents, now: now) {
            throw ErasureRefused.recordOfTheCall(offers: data.offers.map(\.publicID), until: policy.expiry(.documents))
        }
        let offerIDs = data.offers.compactMap(\.id)
        // Sets: the applicant decides how many messages there are.
        let offerSet = Set(offerIDs)
        let isOwn = { (message: MessageSummary) in message.offerId.map(offerSet.contains) ?? true }
        let own = data.messages.filter(isOwn)
        let loose = own.filter { $0.offerId == nil }.compactMap(\.id)
        let replyToOnly = data.messages.filter { !isOwn($0) }.compactMap(\.id)
        var erasure = Erasure(offers: data.offers.map(\.publicID), messages: 0, documents: 0, replies: 0)
        // 1. The documents of the address's offers and of its mail of no offer.
        erasure.documents = try purgeDocuments(offers: offerIDs, messages: loose, now: now)
        // 2. The raw messages, each document another offer still holds stored apart first.
        for message in try database.rawMessages(own.compactMap(\.id)) {
            if try database.purgeRawMessage(message, keeping: keeping(message), at: now) { erasure.messages += 1 }
        }
        // 3. The replies to the address, then the names.
        let replies = data.replies.filter { $0.purgedAt == nil }
        erasure.replies = replies.count
        try database.purgeReplies(replies.compactMap { reply in reply.id.map { ($0, Digests.sha256Hex(Array(reply.bytes))) } }, at: now)
        for offerID in offerIDs { _ = try purgeIdentities(of: offerID, now: now) }
        try database.purgeMessageIdentities(loose, replyToOnly: replyToOnly, at: now)
        _ = try database.removePurgedFiles()
        try database.checkpoint()
        return erasure
    }
}
