import Foundation
import MIME
public import OfferCore
import OfferStore

extension IntakePipeline {
    /// `offerbox reclassify`: a person says what a document of an offer is (`kind` nil: not a
    /// document at all). One transaction: the correction is recorded beside the robot's decision,
    /// the offer is evaluated again by the same rules, and when its status or current documents
    /// changed the applicant's corrected receipt is queued, under the usual reply limits.
    public func reclassify(offer publicID: String, file: String, as kind: DocumentKind?, by person: String, reason: String,
                           now: Int64) throws -> CorrectionOutcome {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CorrectionError.emptyReason }
        return try database.ingest { tx in
            try requireDeadlineInForce(tx)
            guard let offer = try tx.offer(publicID: publicID), let offerID = offer.id else { throw CorrectionError.noSuchOffer(publicID) }
            guard offer.mergedInto == nil else { throw CorrectionError.mergedAway(publicID) }
            guard offer.identityPurgedAt == nil else { throw CorrectionError.purged(publicID) }
            let document = try Self.document(file, of: offer, in: try tx.documents(offerID: offerID))
            let was = try tx.effectiveKind(of: document)
            guard was != kind else { throw CorrectionError.nothingToChange("file \(document.id ?? 0) is already \(kind?.rawValue ?? "not a document")") }
            let before = try ruleDocuments(tx.countedDocuments(offerID: offerID))
            let correction = try tx.record(CorrectionRecord(
                offerId: offerID, messageId: document.messageId, documentId: document.id, kind: .reclassify, before: was?.rawValue,
                after: kind?.rawValue, reason: reason, decidedBy: person, at: now))
            let reevaluation = Reevaluation.after(
                .documentReclassified(.stored(document.id ?? 0), from: was, to: kind, by: person, reason: reason), offer: offer.state,
                before: before, after: try ruleDocuments(tx.countedDocuments(offerID: offerID)), rules: rules)
            let changed = try tx.apply(reevaluation, to: offer, messageID: document.messageId, now: now)
            var outcome = CorrectionOutcome(offerID: publicID, statusBefore: offer.status, statusAfter: changed.status, reply: nil,
                                            replyDecision: "nothing the applicant was told changed: no corrected receipt")
            if reevaluation.changesWhatTheApplicantWasTold {
                let changes = Self.changes(document, was: was, now: kind, status: (offer.status, changed.status))
                (outcome.reply, outcome.replyDecision) = try queueCorrectedReceipt(changes, correction: correction, offer: changed,
                                                                                   evaluation: reevaluation.evaluation, in: &tx, now: now)
            }
            return outcome
        }
    }

    /// The document `file` names: its number in the register, or its file name when one row has it.
    static func document(_ file: String, of offer: OfferRecord, in documents: [DocumentRecord]) throws -> DocumentRecord {
        let describe = { (document: DocumentRecord) in "\(document.id ?? 0) \(document.filename ?? "(unnamed)") (\(document.kind.rawValue))" }
        if let row = Int64(file), let document = documents.first(where: { $0.id == row }) { return document }
        let named = documents.filter { $0.filename == file }
        if named.count == 1, let document = named.first { return document }
        // An offer may hold thousands of files: the error names the first ones, and says how many more.
        let listed = { (rows: [DocumentRecord]) in
            rows.prefix(50).map(describe) + (rows.count > 50 ? ["and \(rows.count - 50) more (see offerbox show)"] : [])
        }
        if named.isEmpty { throw CorrectionError.noSuchFile(offer: offer.publicID, file: file, files: listed(documents)) }
        throw CorrectionError.ambiguousFile(offer: offer.publicID, file: file, rows: listed(named))
    }

    /// What changed, in the applicant's words.
    static func changes(_ document: DocumentRecord, was: DocumentKind?, now: DocumentKind?,
                        status: (before: OfferStatus, after: OfferStatus)) -> [String] {
        let label = { (kind: DocumentKind?) in kind.map(ReplyContent.label) ?? "not a document of the offer" }
        return ["your file \"\(document.filename ?? "(unnamed)")\" is now registered as: \(label(now)) (it was: \(label(was)))"]
            + statusChange(from: status.before, to: status.after)
    }
}
