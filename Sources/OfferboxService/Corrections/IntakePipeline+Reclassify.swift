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
            guard let offer = try tx.offer(publicID: publicID), let offerID = offer.id else { throw CorrectionError.noSuchOffer(publicID) }
            guard offer.mergedInto == nil else { throw CorrectionError.mergedAway(publicID) }
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
            var changed = offer
            changed.state = reevaluation.state
            changed.updatedAt = now
            try tx.update(changed)
            for event in reevaluation.events {
                try tx.appendEvent(offerID: offerID, at: now, kind: event.kind, messageID: document.messageId, detail: event.detail)
            }
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

    func ruleDocuments(_ counted: [(document: DocumentRecord, internalDate: Int64)]) -> [OfferRules.Document] {
        counted.compactMap { $0.document.ruleDocument(receivedAt: $0.internalDate) }
    }

    /// The document `file` names: its number in the register, or its file name when one row has it.
    static func document(_ file: String, of offer: OfferRecord, in documents: [DocumentRecord]) throws -> DocumentRecord {
        let describe = { (document: DocumentRecord) in "\(document.id ?? 0) \(document.filename ?? "(unnamed)") (\(document.kind.rawValue))" }
        if let row = Int64(file), let document = documents.first(where: { $0.id == row }) { return document }
        let named = documents.filter { $0.filename == file }
        if named.count == 1, let document = named.first { return document }
        if named.isEmpty { throw CorrectionError.noSuchFile(offer: offer.publicID, file: file, files: documents.map(describe)) }
        throw CorrectionError.ambiguousFile(offer: offer.publicID, file: file, rows: named.map(describe))
    }

    /// What changed, in the applicant's words.
    static func changes(_ document: DocumentRecord, was: DocumentKind?, now: DocumentKind?,
                        status: (before: OfferStatus, after: OfferStatus)) -> [String] {
        let label = { (kind: DocumentKind?) in kind.map(ReplyContent.label) ?? "not a document of the offer" }
        var changes = ["your file \"\(document.filename ?? "(unnamed)")\" is now registered as: \(label(now)) (it was: \(label(was)))"]
        if status.before != status.after {
            changes.append("your offer is now \(status.after.rawValue) (it was: \(status.before.rawValue))")
        }
        return changes
    }

    /// Queues the corrected receipt unless the reply policy forbids it; says which.
    func queueCorrectedReceipt(_ changes: [String], correction: CorrectionRecord, offer: OfferRecord,
                                       evaluation: OfferRules.Evaluation, in tx: inout IngestTransaction,
                                       now: Int64) throws -> (ReplyKind?, String) {
        let repliesToday = try tx.replyCount(recipient: offer.applicantAddress, since: now - 86_400)
        if let refusal = policy.refusal(toReply: offer.applicantAddress, repliesToday: repliesToday) {
            return (nil, "no corrected receipt: \(refusal)")
        }
        guard let offerID = offer.id, let correctionID = correction.id else { throw PipelineError.inconsistent("correction without id") }
        let counted = try tx.countedDocuments(offerID: offerID).map(\.document)
        var content = try replyContent(tx, offer: offer, files: Self.receiptFiles(counted, current: evaluation.current.mapValues { $0.compactMap(\.row) }),
                                       missing: evaluation.missing, received: offer.receivedAt, documents: nil)
        content.changes = changes
        content.isLate = offer.status == .late
        content.deadlinePassed = rules.isLate(receivedAt: now)
        content.isWithdrawn = offer.withdrawnAt != nil
        let latest = try tx.messages(offerID: offerID).last(where: \.counted)
        let replyID = "offerbox.correction.\(correctionID).\(offer.publicID.lowercased())@\(Self.domain(of: replyFrom.address))"
        let bytes = composer.compose(
            kind: .correction, content: content, from: replyFrom,
            to: MessageBuilder.Mailbox(name: offer.applicantName, address: offer.applicantAddress),
            originalSubject: latest?.subject, inReplyTo: latest?.messageID, references: [], messageID: replyID,
            date: MessageDate(secondsSince1970: now, utcOffsetMinutes: 0))
        _ = try tx.queue(ReplyRecord(correctionId: correctionID, offerId: offerID, kind: .correction, recipient: offer.applicantAddress,
                                     rfc822MessageID: replyID, bytes: Data(bytes), createdAt: now))
        return (.correction, "corrected receipt queued to \(offer.applicantAddress)")
    }
}
