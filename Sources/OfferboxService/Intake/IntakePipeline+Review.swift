import Foundation
import OfferCore
import OfferStore

/// A person's decision on a message that waits for one (held, quarantined, correspondence).
public enum ReviewError: Error, CustomStringConvertible, Equatable {
    case noSuchMessage(String)
    case notWaiting(messageID: Int64)
    case alreadyStored(messageID: Int64, duplicateOf: Int64)

    public var description: String {
        switch self {
        case .noSuchMessage(let text): "no stored message \(text)"
        case .notWaiting(let id): "message \(id) does not wait for a decision (none was asked, or one was made)"
        case .alreadyStored(let id, let other): "message \(id) is the same message as stored message \(other): dismiss it instead"
        }
    }
}

extension IntakePipeline {
    /// `offerbox release`: the message is processed as the applicant's mail after all. A held or
    /// correspondence message counts toward its sender's offer (created if needed) and is answered
    /// by the usual rules; a quarantined one is parsed and analysed now, in this process, for the
    /// first time, and then judged as at intake (a failed sender check holds it). One transaction: the decision, the offer's new state and the reply commit together.
    public func release(messageRowID: Int64, by person: String, note: String, now: Int64) throws -> IngestOutcome {
        guard let summary = try database.message(id: messageRowID) else { throw ReviewError.noSuchMessage(String(messageRowID)) }
        guard let open = try database.openReview(messageID: messageRowID) else {
            throw ReviewError.notWaiting(messageID: messageRowID)
        }
        let raw = try database.rawMessage(sha256: summary.sha256)
        let prepared = prepare(FetchedMessage(mailboxKey: "", uidValidity: 0, uid: 0, internalDate: summary.internalDate, raw: raw))
        return try database.ingest { tx in
            try requireDeadlineInForce(tx)
            guard let reviewID = open.id, try tx.decide(reviewID: reviewID, .released, by: person, note: note, at: now) else {
                throw ReviewError.notWaiting(messageID: messageRowID)
            }
            if open.kind == .quarantined {
                if let other = try tx.message(contentDigest: prepared.contentDigest), let otherID = other.id {
                    throw ReviewError.alreadyStored(messageID: messageRowID, duplicateOf: otherID)
                }
                try tx.describe(messageID: messageRowID, as: messageRecord(prepared, now: now))
                for document in newDocuments(prepared) {
                    var row = document.record
                    row.messageId = messageRowID
                    _ = try tx.insert(row, bytes: document.bytes, part: document.part)
                }
            }
            // A held or correspondence message was read by the person who releases it; a quarantined
            // one was never parsed, so releasing it means "parse it now": the sender checks and the
            // correspondence rule apply to it as at intake, and may set it aside again.
            let outcome = try settle(prepared, .stored(messageRowID: messageRowID), released: open.kind != .quarantined, in: &tx, now: now)
            if let offerID = try tx.message(id: messageRowID)?.offerId {
                let event = OfferEvent.messageReleased(by: person, reason: note, was: open.kind)
                try tx.appendEvent(offerID: offerID, at: now, kind: event.kind, messageID: messageRowID, detail: event.detail)
            }
            return outcome
        }
    }

    /// `offerbox dismiss`: the message stays stored as it is, never counted, never answered.
    public func dismiss(messageRowID: Int64, by person: String, note: String, now: Int64) throws {
        try close(messageRowID, as: .dismissed, by: person, note: note, now: now)
    }

    /// `offerbox answered`: a person answered the message (a question) themselves: it stays
    /// stored, never counted, and the robot sends nothing; the answer is on the record.
    public func answered(messageRowID: Int64, by person: String, note: String, now: Int64) throws {
        try close(messageRowID, as: .answered, by: person, note: note, now: now)
    }

    private func close(_ messageRowID: Int64, as decision: ReviewDecision, by person: String, note: String, now: Int64) throws {
        if decision == .answered, note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw CorrectionError.emptyReason }
        guard try database.message(id: messageRowID) != nil else { throw ReviewError.noSuchMessage(String(messageRowID)) }
        try database.ingest { tx in
            guard let open = try tx.review(messageID: messageRowID), open.decision == nil, let reviewID = open.id,
                  try tx.decide(reviewID: reviewID, decision, by: person, note: note, at: now) else {
                throw ReviewError.notWaiting(messageID: messageRowID)
            }
            let offerID = try tx.message(id: messageRowID)?.offerId
            if decision == .answered {
                try tx.record(CorrectionRecord(offerId: offerID, messageId: messageRowID, kind: .answered, before: open.kind.rawValue,
                                               after: ReviewDecision.answered.rawValue, reason: note, decidedBy: person, at: now))
            }
            if let offerID {
                let event: OfferEvent = decision == .answered
                    ? .messageAnswered(by: person, reason: note, was: open.kind) : .messageDismissed(by: person, reason: note, was: open.kind)
                try tx.appendEvent(offerID: offerID, at: now, kind: event.kind, messageID: messageRowID, detail: event.detail)
            }
        }
    }
}
