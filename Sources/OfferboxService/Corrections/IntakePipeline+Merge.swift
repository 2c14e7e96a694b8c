import Foundation
public import OfferCore
import OfferStore

extension IntakePipeline {
    /// `offerbox merge`: two addresses, one applicant. Every message of `other` moves into `offer`
    /// (each counted by the deadline rule for the merged offer), `other` points at `offer` so that
    /// later mail from its address goes there, the offer is evaluated again, and when that changes
    /// what its applicant was told a corrected receipt goes to the offer's address.
    public func merge(offer publicID: String, other otherID: String, by person: String, reason: String,
                      now: Int64) throws -> CorrectionOutcome {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CorrectionError.emptyReason }
        guard publicID != otherID else { throw CorrectionError.nothingToChange("an offer cannot be merged into itself") }
        return try database.ingest { tx in
            try requireDeadlineInForce(tx)
            guard let offer = try tx.offer(publicID: publicID), let offerRow = offer.id else { throw CorrectionError.noSuchOffer(publicID) }
            guard var other = try tx.offer(publicID: otherID), let otherRow = other.id else { throw CorrectionError.noSuchOffer(otherID) }
            for purged in [offer, other] where purged.identityPurgedAt != nil { throw CorrectionError.purged(purged.publicID) }
            for merged in [offer, other] where merged.mergedInto != nil {
                throw CorrectionError.nothingToChange("offer \(merged.publicID) is already merged into another")
            }
            // A withdrawal is the applicant's word about one offer: merging would hide it or spread it.
            for withdrawn in [offer, other] where withdrawn.withdrawnAt != nil {
                throw CorrectionError.nothingToChange("offer \(withdrawn.publicID) is withdrawn: a withdrawn offer is not merged")
            }
            let before = try ruleDocuments(tx.countedDocuments(offerID: offerRow))
            let correction = try tx.record(CorrectionRecord(offerId: offerRow, kind: .merge, before: otherID, after: publicID, reason: reason,
                                                            decidedBy: person, at: now))
            var state = offer.state
            state.firstReceivedAt = min(offer.firstReceivedAt, other.firstReceivedAt)
            try tx.moveMessages(from: otherRow, into: offerRow, firstReceivedAt: state.firstReceivedAt, deadline: rules.deadline)
            // From what now counts: a message the merge made late for the offer no longer does.
            if let extent = try tx.countedExtent(offerID: offerRow) { (state.receivedAt, state.authentication) = extent }
            (other.mergedInto, other.updatedAt) = (offerRow, now)
            try tx.update(other)
            let absorbed = OfferEvent.merged(other: otherID, into: true, by: person, reason: reason)
            let reevaluation = Reevaluation.after(absorbed, offer: state, before: before,
                                                  after: try ruleDocuments(tx.countedDocuments(offerID: offerRow)), rules: rules)
            let changed = try tx.apply(reevaluation, to: offer, messageID: nil, now: now)
            let moved = OfferEvent.merged(other: publicID, into: false, by: person, reason: reason)
            try tx.appendEvent(offerID: otherRow, at: now, kind: moved.kind, messageID: nil, detail: moved.detail)
            var outcome = CorrectionOutcome(offerID: publicID, statusBefore: offer.status, statusAfter: changed.status, reply: nil,
                                            replyDecision: "nothing the applicant was told changed: no corrected receipt")
            if reevaluation.changesWhatTheApplicantWasTold {
                var changes = ["your mail from \(other.applicantAddress) (offer \(otherID)) now belongs to this offer"]
                changes += Self.statusChange(from: offer.status, to: changed.status)
                (outcome.reply, outcome.replyDecision) = try queueCorrectedReceipt(changes, correction: correction, offer: changed,
                                                                                   evaluation: reevaluation.evaluation, in: &tx, now: now)
            }
            return outcome
        }
    }
}
