import Foundation
import MIME
import OfferCore
import OfferDocuments
import OfferStore

extension IntakePipeline {
    /// What a stored message does to the register, inside the ingest (or release) transaction: the
    /// store reads what ``IntakeDecision`` needs, the decision is made (pure), the store applies it,
    /// and the reply it asks for is queued. `released`: a person decided it is the applicant's mail.
    func settle(_ prepared: PreparedMessage, _ subject: IngestTransaction.Subject, released: Bool,
                in tx: inout IngestTransaction, now: Int64) throws -> IngestOutcome {
        let context = try decisionContext(prepared, subject, released: released, in: tx, now: now)
        let existing = context.offer
        let decision = IntakeDecision.decide(context.input, rules: rules, policy: policy)
        let from = prepared.message.envelope.from.first
        let applied = try tx.apply(decision, to: subject, existing: existing,
                                   applicant: prepared.facts.fromAddress.map { ($0, from?.name) },
                                   reference: configuration.call.reference, now: now)
        if let kind = decision.reply, let offer = applied.offer, let evaluation = decision.evaluation {
            let files = context.filesAfter(applied, counted: decision.counted, received: prepared.fetched.internalDate)
            try queueReply(kind, prepared: prepared, applied: applied, offer: offer, evaluation: evaluation, files: files, in: &tx, now: now)
        }
        return IngestOutcome(action: .stored, locationID: 0, flagged: false, category: decision.category,
                             offerID: applied.offer?.publicID, replyKind: decision.reply, reason: decision.reason,
                             messageRowID: applied.messageRowID)
    }

    /// What the decision reads, each read only when the message can need it: the sender's offer and
    /// its counted documents, and the replies sent to the sender today. A failed read fails the
    /// transaction: it must never turn the daily limit off.
    private func decisionContext(_ prepared: PreparedMessage, _ subject: IngestTransaction.Subject, released: Bool,
                                 in tx: IngestTransaction, now: Int64) throws -> DecisionContext {
        let facts = prepared.facts
        var offer: OfferRecord?
        var counted: [(document: DocumentRecord, internalDate: Int64)] = []
        if let from = facts.fromAddress, IntakeDecision.concernsOffer(facts, policy: policy) {
            offer = try tx.offer(applicantAddress: from)
            if let offerID = offer?.id { counted = try tx.countedDocuments(offerID: offerID) }
        }
        var repliesToday = 0
        if let from = facts.fromAddress, IntakeDecision.needsReplyCount(facts, policy: policy) {
            repliesToday = try tx.replyCount(recipient: from, since: now - 86_400)
        }
        let received = prepared.fetched.internalDate
        let arriving: [DocumentRecord], documents: [OfferRules.Document]
        switch subject {
        case .new(let new):
            // Known by position until stored; ordered after every stored message of the same second.
            arriving = new.documents.map(\.record)
            documents = new.documents.enumerated().map { index, document in
                OfferRules.Document(id: .incoming(index), kind: document.record.kind, receivedAt: received, message: .max)
            }
        case .stored(let rowID):
            // Stored before: with the kinds a person may have given them since.
            arriving = try tx.documentsAsCorrected(messageID: rowID)
            documents = arriving.compactMap { $0.ruleDocument(receivedAt: received) }
        }
        let input = IntakeDecision.Input(
            facts: facts, messageID: prepared.message.envelope.messageID, receivedAt: received, documents: documents,
            kinds: prepared.documents?.kinds ?? [], fileCount: prepared.documents?.documents.count ?? 0,
            hostedLinkCount: prepared.documents?.hostedLinks.count ?? 0, offer: offer?.state, countedDocuments: ruleDocuments(counted),
            repliesToday: repliesToday, released: released)
        return DecisionContext(input: input, offer: offer, counted: counted, arriving: arriving)
    }

    /// Queues the reply the decision asked for: only ever to the address the offer belongs to,
    /// whatever the message asked.
    private func queueReply(_ kind: ReplyKind, prepared: PreparedMessage, applied: AppliedDecision, offer: OfferRecord,
                            evaluation: OfferRules.Evaluation, files: [DocumentRecord], in tx: inout IngestTransaction, now: Int64) throws {
        let message = prepared.message
        let current = evaluation.current.mapValues { $0.compactMap(applied.row) }
        let content = try replyContent(tx, offer: offer, files: Self.receiptFiles(files, current: current), missing: evaluation.missing,
                                       received: prepared.fetched.internalDate, documents: prepared.documents)
        let replyID = "offerbox.\(kind.rawValue).\(prepared.contentDigest.prefix(24))@\(Self.domain(of: replyFrom.address))"
        let bytes = composer.compose(
            kind: kind, content: content, from: replyFrom,
            to: MessageBuilder.Mailbox(name: message.envelope.from.first?.name, address: offer.applicantAddress),
            originalSubject: message.envelope.subject, inReplyTo: message.envelope.messageID,
            references: message.envelope.references, messageID: replyID,
            date: MessageDate(secondsSince1970: now, utcOffsetMinutes: 0))
        _ = try tx.queue(ReplyRecord(messageId: applied.messageRowID, offerId: offer.id, kind: kind, recipient: offer.applicantAddress,
                                     rfc822MessageID: replyID, bytes: Data(bytes), createdAt: now))
    }
}

/// What the decision read, kept for the receipt: the offer, its counted documents and this
/// message's own, so that the reply lists files without reading them again.
struct DecisionContext {
    let input: IntakeDecision.Input
    let offer: OfferRecord?
    /// The offer's counted documents before this message, oldest message first.
    let counted: [(document: DocumentRecord, internalDate: Int64)]
    /// This message's documents (rows without ids for a new message).
    let arriving: [DocumentRecord]

    /// The offer's counted documents once the decision is applied, in the register's order
    /// (message receipt time, then row).
    func filesAfter(_ applied: AppliedDecision, counted isCounted: Bool, received: Int64) -> [DocumentRecord] {
        guard isCounted else { return counted.map(\.document) }
        let arrived = arriving.enumerated().map { index, record in
            var record = record
            if record.id == nil { (record.id, record.messageId) = (applied.row(.incoming(index)), applied.messageRowID) }
            return (document: record, internalDate: received)
        }
        return (counted + arrived).sorted { ($0.internalDate, $0.document.id ?? 0) < ($1.internalDate, $1.document.id ?? 0) }.map(\.document)
    }
}
