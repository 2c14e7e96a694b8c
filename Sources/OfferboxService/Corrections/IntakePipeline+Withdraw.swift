import Foundation
public import OfferCore
import OfferStore

extension IntakePipeline {
    /// `offerbox withdraw`: a person records that the applicant asked to withdraw the offer.
    /// Nothing is deleted and the status stays what the rules say; the offer is marked withdrawn,
    /// the history says who and why, and the applicant gets a corrected receipt saying so.
    public func withdraw(offer publicID: String, by person: String, reason: String, now: Int64) throws -> CorrectionOutcome {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CorrectionError.emptyReason }
        return try database.ingest { tx in
            try requireDeadlineInForce(tx)
            guard var offer = try tx.offer(publicID: publicID), let offerID = offer.id else { throw CorrectionError.noSuchOffer(publicID) }
            guard offer.mergedInto == nil else { throw CorrectionError.mergedAway(publicID) }
            guard offer.identityPurgedAt == nil else { throw CorrectionError.purged(publicID) }
            guard offer.withdrawnAt == nil else { throw CorrectionError.nothingToChange("offer \(publicID) is already withdrawn") }
            let correction = try tx.record(CorrectionRecord(offerId: offerID, kind: .withdraw, before: nil, after: "withdrawn",
                                                            reason: reason, decidedBy: person, at: now))
            offer.withdrawnAt = now
            offer.updatedAt = now
            try tx.update(offer)
            let event = OfferEvent.withdrawn(by: person, reason: reason)
            try tx.appendEvent(offerID: offerID, at: now, kind: event.kind, messageID: nil, detail: event.detail)
            let counted = try tx.countedDocuments(offerID: offerID)
            let evaluation = rules.evaluate(firstReceivedAt: offer.firstReceivedAt,
                                            documents: counted.compactMap { $0.document.ruleDocument(receivedAt: $0.internalDate) })
            let (reply, decision) = try queueCorrectedReceipt(
                ["your offer is withdrawn, as you asked: it will not be evaluated"], correction: correction, offer: offer,
                evaluation: evaluation, in: &tx, now: now)
            return CorrectionOutcome(offerID: publicID, statusBefore: offer.status, statusAfter: offer.status, reply: reply,
                                     replyDecision: decision)
        }
    }
}
