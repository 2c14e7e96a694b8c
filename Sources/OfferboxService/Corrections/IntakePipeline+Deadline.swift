import Foundation
public import OfferCore
import OfferStore

/// What the daemon found at start about the call's deadline.
public enum DeadlineNotice: Sendable, Equatable {
    /// The first start on this register: the configured deadline is now the one in force.
    case recorded
    case unchanged
    /// A later deadline: every offer was evaluated again; `told`: the applicants whose offer
    /// changed and who were sent a corrected receipt.
    case extended(from: Int64, to: Int64, offersChanged: [String], told: [String])
}

/// The configured deadline is earlier than the one in force: refused, it would make counted
/// messages late after the fact.
public struct EarlierDeadline: Error, CustomStringConvertible, Equatable {
    public var inForce: Int64
    public var configured: Int64
    public var description: String {
        "call.deadline \(TimeText.rfc3339(configured)) is earlier than the deadline in force, \(TimeText.rfc3339(inForce)): "
            + "a deadline can only be extended (an earlier one would make counted messages late after the fact)"
    }
}

extension IntakePipeline {
    /// A person's decision is judged under the deadline the register is under: a new one in the
    /// configuration is applied by the daemon at its start, for every offer at once, first.
    func requireDeadlineInForce(_ tx: IngestTransaction) throws {
        if let inForce = try tx.deadlineInForce(), inForce != rules.deadline {
            throw CorrectionError.deadlineNotInForce(configured: rules.deadline, inForce: inForce)
        }
    }

    /// At start: compares the configured deadline with the one in force and, for a later one,
    /// extends it in one transaction: messages received before the new deadline now count, every
    /// offer is evaluated again (an event each), and applicants whose offer changed are told.
    public func noticeDeadline(by person: String, now: Int64) throws -> DeadlineNotice {
        let configured = configuration.call.deadline
        return try database.ingest { tx in
            guard let inForce = try tx.deadlineInForce() else {
                try tx.recordDeadline(configured, at: now)
                return .recorded
            }
            if configured == inForce { return .unchanged }
            guard configured > inForce else { throw EarlierDeadline(inForce: inForce, configured: configured) }
            try tx.recordDeadline(configured, at: now)
            var before: [Int64: [OfferRules.Document]] = [:]
            let offers = try tx.offersInForce()
            for offer in offers { before[offer.id ?? 0] = try ruleDocuments(tx.countedDocuments(offerID: offer.id ?? 0)) }
            try tx.recount(deadline: configured)
            var changed: [String] = [], told: [String] = []
            for offer in offers {
                let outcome = try extend(offer, from: inForce, before: before[offer.id ?? 0] ?? [], by: person, in: &tx, now: now)
                if outcome.changed { changed.append(offer.publicID) }
                if outcome.told { told.append(offer.publicID) }
            }
            return .extended(from: inForce, to: configured, offersChanged: changed, told: told)
        }
    }

    /// One offer under the extended deadline: its history says so; when its status or documents
    /// changed, a correction on the record and a corrected receipt (under the reply limits).
    private func extend(_ offer: OfferRecord, from inForce: Int64, before: [OfferRules.Document], by person: String,
                        in tx: inout IngestTransaction, now: Int64) throws -> (changed: Bool, told: Bool) {
        let offerID = offer.id ?? 0
        var state = offer.state
        if let extent = try tx.countedExtent(offerID: offerID) { (state.receivedAt, state.authentication) = extent }
        let reevaluation = Reevaluation.after(.deadlineExtended(from: inForce, to: rules.deadline), offer: state, before: before,
                                              after: try ruleDocuments(tx.countedDocuments(offerID: offerID)), rules: rules)
        let updated = try tx.apply(reevaluation, to: offer, messageID: nil, now: now)
        let announce = configuration.call.announceDeadlineExtension && offer.withdrawnAt == nil
        guard reevaluation.changesWhatTheApplicantWasTold || announce else { return (false, false) }
        let correction = try tx.record(CorrectionRecord(
            offerId: offerID, kind: .deadline, before: String(inForce), after: String(rules.deadline),
            reason: "the call's deadline was extended in the configuration", decidedBy: person, at: now))
        var changes = ["the call's deadline is now \(ReplyContent.utc(rules.deadline)) (it was: \(ReplyContent.utc(inForce)))"]
        changes += Self.statusChange(from: offer.status, to: updated.status)
        let (reply, _) = try queueCorrectedReceipt(changes, correction: correction, offer: updated, evaluation: reevaluation.evaluation,
                                                   in: &tx, now: now)
        return (reevaluation.changesWhatTheApplicantWasTold, reply != nil)
    }
}
