/// An offer evaluated again after a person's correction changed the documents the rules see:
/// the same rules as at intake, a value the store applies.
public struct Reevaluation: Sendable, Hashable {
    public var state: OfferState
    /// In order: the correction itself, then a status change if any.
    public var events: [OfferEvent]
    public var evaluation: OfferRules.Evaluation
    /// The status or the current documents changed: the applicant is told (a corrected receipt).
    public var changesWhatTheApplicantWasTold: Bool

    /// `before` and `after`: the offer's counted documents as the rules saw them before the
    /// correction and see them now; `offer`: its state with the status it had and the receipt
    /// times it has now (a merge may move its first receipt earlier).
    public static func after(_ correction: OfferEvent, offer: OfferState, before: [OfferRules.Document], after: [OfferRules.Document],
                             rules: OfferRules) -> Reevaluation {
        let old = rules.evaluate(firstReceivedAt: offer.firstReceivedAt, documents: before)
        let new = rules.evaluate(firstReceivedAt: offer.firstReceivedAt, documents: after)
        var state = offer
        var events = [correction]
        if new.status != state.status {
            events.append(.statusChanged(from: state.status, to: new.status))
            state.status = new.status
        }
        // What a receipt lists: the status, and the current documents of the kinds the call names.
        let listed = { (evaluation: OfferRules.Evaluation) in evaluation.current.filter { $0.key != .other } }
        let changed = new.status != offer.status || listed(new) != listed(old)
        return Reevaluation(state: state, events: events, evaluation: new, changesWhatTheApplicantWasTold: changed)
    }
}
