extension IntakeDecision {
    /// Whether deciding needs the replies sent to the sender in the last day: only when a reply
    /// would go (most messages in a busy hour are not answered twice).
    public static func needsReplyCount(_ facts: MessageFacts, policy: ReplyPolicy) -> Bool {
        policy.decide(facts) { _ in 0 }.replyTo != nil
    }

    /// Whether the message may make or change an offer, so that the sender's offer must be read.
    public static func concernsOffer(_ facts: MessageFacts, policy: ReplyPolicy) -> Bool {
        policy.decide(facts) { _ in 0 }.makesOffer
    }

    /// The decision for one message. Pure: everything it reads is in `input`.
    public static func decide(_ input: Input, rules: OfferRules, policy: ReplyPolicy) -> IntakeDecision {
        let reply = policy.decide(input.facts) { _ in input.repliesToday }
        guard reply.makesOffer, input.facts.fromAddress != nil else {
            return IntakeDecision(category: reply.category, reason: reply.reason, counted: false, review: nil, offer: .none,
                                  events: [], reply: nil, evaluation: nil)
        }
        if !input.released, let review = setAside(input, category: reply.category) {
            return waiting(input, review: review)
        }
        return count(input, reply: reply, rules: rules)
    }

    /// A message that waits for a person: a sender that failed its checks or is weaker than the
    /// offer it would change, or a message with nothing that reads as an offer.
    static func setAside(_ input: Input, category: MessageCategory) -> Review? {
        if let hold = SenderHold.judge(input.facts, offer: input.offer?.authentication) {
            return Review(kind: .held, reason: hold.reason)
        }
        if category == .offer, ReplyPolicy.isCorrespondence(documents: input.fileCount, hostedLinks: input.hostedLinkCount) {
            return Review(kind: .correspondence, reason: "no document and nothing that reads as an offer: correspondence for a person to answer")
        }
        return nil
    }

    /// Shown to a person, linked to the applicant's offer when there is one; never counted, never answered.
    static func waiting(_ input: Input, review: Review) -> IntakeDecision {
        var offer = OfferChange.none
        var events: [OfferEvent] = []
        if var state = input.offer {
            events = [review.kind == .held ? .messageHeld(reason: review.reason) : .correspondence(reason: review.reason)]
            // A note already there (a withdrawal) stays: `pending` lists every held message.
            if review.kind == .held, state.attention == nil { state.attention = .messageHeld(reason: review.reason) }
            offer = .existing(state)
        }
        return IntakeDecision(category: review.kind == .held ? .held : .correspondence, reason: review.reason, counted: false,
                              review: review, offer: offer, events: events, reply: nil, evaluation: nil)
    }

    /// The message belongs to the applicant's offer (created now if this is their first): it counts
    /// unless it is late for an offer that began in time; the offer is evaluated again.
    static func count(_ input: Input, reply: ReplyPolicy.Decision, rules: OfferRules) -> IntakeDecision {
        let received = input.receivedAt
        let late = rules.isLate(receivedAt: received)
        var events: [OfferEvent] = []
        var state: OfferState
        let counted: Bool
        if let existing = input.offer {
            state = existing
            // A late message never counts toward an offer that began before the deadline.
            counted = !late || rules.isLate(receivedAt: existing.firstReceivedAt)
        } else {
            state = OfferState(status: late ? .late : .incomplete, firstReceivedAt: received, receivedAt: received,
                               authentication: input.facts.authentication, attention: nil)
            counted = true
            events.append(.created(status: state.status))
        }
        if reply.category == .withdrawal {
            state.attention = .withdrawalRequested(messageID: input.messageID)
            events.append(.withdrawalRequested)
        }
        let before = rules.evaluate(firstReceivedAt: state.firstReceivedAt, documents: input.countedDocuments)
        let evaluation = counted
            ? rules.evaluate(firstReceivedAt: state.firstReceivedAt, documents: input.countedDocuments + input.documents) : before
        if counted {
            state.receivedAt = max(state.receivedAt, received)
            state.authentication = max(state.authentication, input.facts.authentication)
            events.append(.messageCounted(kinds: input.kinds))
            // Only what this message replaced: earlier replacements are in the history already.
            let replaced = evaluation.replaced.filter { !before.replaced.contains($0) }
            if !replaced.isEmpty { events.append(.documentReplaced(replaced)) }
            if evaluation.status != state.status {
                events.append(.statusChanged(from: state.status, to: evaluation.status))
                state.status = evaluation.status
            }
        } else {
            events.append(.lateMessage)
        }
        var kind: ReplyKind?
        if reply.replyTo != nil, reply.category == .offer {
            kind = late ? .late : (evaluation.status == .accepted ? .acknowledgment : .incomplete)
        }
        return IntakeDecision(category: reply.category, reason: reply.reason, counted: counted, review: nil,
                              offer: input.offer == nil ? .created(state) : .existing(state), events: events, reply: kind,
                              evaluation: evaluation)
    }
}
