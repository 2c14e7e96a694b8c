import Foundation
import MIME
import OfferCore
import OfferDocuments
import OfferStore

extension IntakePipeline {
    /// What a stored message does to the register, inside the ingest (or release) transaction: its
    /// category, whether it waits for a person, which offer it belongs to and whether it counts, the
    /// offer's new state and the reply. `released`: a person decided it is the applicant's mail, so
    /// neither a sender hold nor the correspondence rule applies.
    func settle(_ prepared: PreparedMessage, messageRowID: Int64, released: Bool, in tx: inout IngestTransaction,
                now: Int64) throws -> IngestOutcome {
        let facts = prepared.facts
        // Replies go only to the sender's address, so the daily limit counts replies to it, read
        // only when a reply would go (most messages in a busy hour are not answered twice). A failed
        // read fails the transaction: it must never turn the limit off.
        var decision = policy.decide(facts) { _ in 0 }
        if decision.replyTo != nil, let from = facts.fromAddress {
            let repliesToday = try tx.replyCount(recipient: from, since: now - 86_400)
            decision = policy.decide(facts) { _ in repliesToday }
        }
        let existing = try facts.fromAddress.flatMap { decision.makesOffer ? try tx.offer(applicantAddress: $0) : nil }

        var review: (kind: ReviewRecord.Kind, reason: String)?
        if decision.makesOffer, !released {
            if let hold = SenderHold.judge(facts, offer: existing.map { SenderAuthentication(rawValue: $0.authentication) ?? .none }) {
                review = (.held, hold.reason)
                decision = ReplyPolicy.Decision(category: .held, replyTo: nil, reason: hold.reason)
            } else if decision.category == .offer, ReplyPolicy.isCorrespondence(
                documents: prepared.documents?.documents.count ?? 0, hostedLinks: prepared.documents?.hostedLinks.count ?? 0) {
                let reason = "no document and nothing that reads as an offer: correspondence for a person to answer"
                review = (.correspondence, reason)
                decision = ReplyPolicy.Decision(category: .correspondence, replyTo: nil, reason: reason)
            }
        }
        if let review {
            // Shown to a person, linked to the applicant's offer when there is one; never counted, never answered.
            try tx.setDisposition(messageID: messageRowID, category: decision.category.rawValue, offerID: existing?.id, counted: false,
                                  replyDecision: decision.reason)
            try tx.openReview(messageID: messageRowID, kind: review.kind, reason: review.reason, at: now)
            if var offer = existing, let offerID = offer.id {
                try tx.appendEvent(offerID: offerID, at: now, kind: review.kind == .held ? "message_held" : "correspondence",
                                   messageID: messageRowID, detail: JSONText.object(["reason": review.reason]))
                // A note already there (a withdrawal) stays: `pending` lists every held message.
                if review.kind == .held, offer.attention == nil {
                    offer.attention = "message \(messageRowID) held for a person: \(review.reason)"
                    offer.updatedAt = now
                    try tx.update(offer)
                }
            }
            return IngestOutcome(action: .stored, locationID: 0, flagged: false, category: decision.category.rawValue,
                                 offerID: existing?.publicID, replyKind: nil, reason: decision.reason)
        }
        guard decision.makesOffer, let applicant = facts.fromAddress else {
            try tx.setDisposition(messageID: messageRowID, category: decision.category.rawValue, offerID: nil, counted: false,
                                  replyDecision: decision.reason)
            return IngestOutcome(action: .stored, locationID: 0, flagged: false, category: decision.category.rawValue,
                                 offerID: nil, replyKind: nil, reason: decision.reason)
        }
        return try count(prepared, messageRowID: messageRowID, applicant: applicant, existing: existing, decision: decision, in: &tx, now: now)
    }

    /// The message belongs to the applicant's offer (created now if this is their first): it counts
    /// unless it is late for an offer that began in time; the offer is evaluated again and the reply queued.
    private func count(_ prepared: PreparedMessage, messageRowID: Int64, applicant: String, existing: OfferRecord?,
                       decision: ReplyPolicy.Decision, in tx: inout IngestTransaction, now: Int64) throws -> IngestOutcome {
        let received = prepared.fetched.internalDate, facts = prepared.facts
        let late = rules.isLate(receivedAt: received)
        var offer: OfferRecord
        let counted: Bool
        if let existing {
            offer = existing
            // A late message never counts toward an offer that began before the deadline.
            counted = !late || rules.isLate(receivedAt: existing.firstReceivedAt)
        } else {
            let number = try tx.nextOfferNumber()
            var created = OfferRecord(
                publicID: "\(configuration.call.reference)-\(String(number).leftPadded(to: 4))", applicantAddress: applicant,
                applicantName: prepared.message.envelope.from.first?.name,
                status: late ? OfferStatus.late.rawValue : OfferStatus.incomplete.rawValue,
                firstReceivedAt: received, receivedAt: received, createdAt: now, updatedAt: now)
            created.authentication = facts.authentication.rawValue
            offer = try tx.insert(created)
            counted = true
            try tx.appendEvent(offerID: offer.id!, at: now, kind: "created", messageID: nil, detail: JSONText.object(["status": offer.status]))
        }
        guard let offerID = offer.id else { throw PipelineError.inconsistent("offer without id") }
        try tx.setDisposition(messageID: messageRowID, category: decision.category.rawValue, offerID: offerID, counted: counted,
                              replyDecision: decision.reason)

        if decision.category == .withdrawal {
            offer.attention = "withdrawal requested by message \(prepared.message.envelope.messageID ?? String(messageRowID))"
            try tx.appendEvent(offerID: offerID, at: now, kind: "withdrawal_requested", messageID: messageRowID)
        }
        let counted_ = try tx.countedDocuments(offerID: offerID)
        let evaluation = rules.evaluate(firstReceivedAt: offer.firstReceivedAt, documents: counted_.compactMap(Self.ruleDocument))
        if counted {
            offer.receivedAt = max(offer.receivedAt, received)
            offer.authentication = max(offer.authentication, facts.authentication.rawValue)
            try tx.appendEvent(offerID: offerID, at: now, kind: "message_counted", messageID: messageRowID,
                               detail: JSONText.object(["kinds": (prepared.documents?.kinds ?? []).map(\.rawValue).joined(separator: ",")]))
            if !evaluation.replaced.isEmpty {
                let names = Dictionary(counted_.compactMap { entry in entry.document.id.map { ($0, entry.document) } }) { first, _ in first }
                let replaced = evaluation.replaced.compactMap { names[$0] }.map { "\($0.filename ?? "(unnamed)") (sha256 \($0.sha256))" }
                try tx.appendEvent(offerID: offerID, at: now, kind: "document_replaced", messageID: messageRowID,
                                   detail: JSONText.object(["replaced": replaced.joined(separator: ", ")]))
            }
            if evaluation.status.rawValue != offer.status {
                try tx.appendEvent(offerID: offerID, at: now, kind: "status_changed", messageID: messageRowID,
                                   detail: JSONText.object(["from": offer.status, "to": evaluation.status.rawValue]))
                offer.status = evaluation.status.rawValue
            }
        } else {
            try tx.appendEvent(offerID: offerID, at: now, kind: "late_message", messageID: messageRowID)
        }
        offer.updatedAt = now
        try tx.update(offer)

        var replyKind: ReplyKind?
        if decision.replyTo != nil, decision.category == .offer {
            // Only ever to the address the offer belongs to, whatever the message asked.
            let kind: ReplyKind = late ? .late : (evaluation.status == .accepted ? .acknowledgment : .incomplete)
            replyKind = kind
            try queueReply(kind, prepared: prepared, messageRowID: messageRowID, offer: offer, evaluation: evaluation,
                           counted: counted_, in: &tx, now: now)
        }
        return IngestOutcome(action: .stored, locationID: 0, flagged: false, category: decision.category.rawValue,
                             offerID: offer.publicID, replyKind: replyKind?.rawValue, reason: decision.reason)
    }

    /// A counted document as the rules see it: its identity, kind and the receipt time of its message.
    static func ruleDocument(_ entry: (document: DocumentRecord, internalDate: Int64)) -> OfferRules.Document? {
        guard let id = entry.document.id else { return nil }
        return OfferRules.Document(id: id, kind: DocumentKind(rawValue: entry.document.kind) ?? .other,
                                   receivedAt: entry.internalDate, message: entry.document.messageId)
    }

    private func queueReply(_ kind: ReplyKind, prepared: PreparedMessage, messageRowID: Int64, offer: OfferRecord,
                            evaluation: OfferRules.Evaluation, counted: [(document: DocumentRecord, internalDate: Int64)],
                            in tx: inout IngestTransaction, now: Int64) throws {
        let message = prepared.message
        let content = try replyContent(tx, offer: offer, evaluation: evaluation, counted: counted,
                                       received: prepared.fetched.internalDate, documents: prepared.documents)
        let replyID = "offerbox.\(kind.rawValue).\(prepared.contentDigest.prefix(24))@\(Self.domain(of: replyFrom.address))"
        let bytes = composer.compose(
            kind: kind, content: content, from: replyFrom,
            to: MessageBuilder.Mailbox(name: message.envelope.from.first?.name, address: offer.applicantAddress),
            originalSubject: message.envelope.subject, inReplyTo: message.envelope.messageID,
            references: message.envelope.references, messageID: replyID,
            date: MessageDate(secondsSince1970: now, utcOffsetMinutes: 0))
        _ = try tx.queue(ReplyRecord(messageId: messageRowID, offerId: offer.id, kind: kind.rawValue, recipient: offer.applicantAddress,
                                     rfc822MessageID: replyID, bytes: Data(bytes), createdAt: now))
    }
}
