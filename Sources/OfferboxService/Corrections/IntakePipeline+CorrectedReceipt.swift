import Foundation
import MIME
import OfferCore
import OfferStore

extension IntakePipeline {
    /// The counted documents as the rules see them (kinds as a person corrected them).
    func ruleDocuments(_ counted: [(document: DocumentRecord, internalDate: Int64)]) -> [OfferRules.Document] {
        counted.compactMap { $0.document.ruleDocument(receivedAt: $0.internalDate) }
    }

    /// The line of a corrected receipt that says the status moved, if it did.
    static func statusChange(from before: OfferStatus, to after: OfferStatus) -> [String] {
        before == after ? [] : ["your offer is now \(after.rawValue) (it was: \(before.rawValue))"]
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
