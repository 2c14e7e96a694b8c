import OfferCore
import Testing

/// The register's one decision, without a store: what a message does to its offer.
@Suite struct IntakeDecisionTests {
    static let deadline: Int64 = 1_656_370_800
    static let rules = OfferRules(deadline: deadline, requiredDocuments: [.letterOfIntent, .workplan, .financialOffer, .cv])
    static let policy = ReplyPolicy(ownAddresses: ["secretariat@aston.example"], dailyLimitPerAddress: 5)
    static let allFour: [DocumentKind] = [.letterOfIntent, .workplan, .financialOffer, .cv]

    static func facts(from address: String = "awa@example.org") -> MessageFacts {
        var facts = MessageFacts()
        facts.fromAddress = address
        facts.subject = "Offer"
        return facts
    }

    static func input(_ kinds: [DocumentKind], at time: Int64, offer: OfferState? = nil, counted: [OfferRules.Document] = [],
                      facts: MessageFacts = facts(), repliesToday: Int = 0, released: Bool = false) -> IntakeDecision.Input {
        let documents = kinds.enumerated().map { OfferRules.Document(id: .incoming($0.offset), kind: $0.element, receivedAt: time, message: .max) }
        return IntakeDecision.Input(facts: facts, messageID: "m@example.org", receivedAt: time, documents: documents, kinds: kinds,
                                    fileCount: kinds.count, hostedLinkCount: 0, offer: offer, countedDocuments: counted,
                                    repliesToday: repliesToday, released: released)
    }

    static func stored(_ kinds: [DocumentKind], at time: Int64, message: Int64, firstRow: Int64) -> [OfferRules.Document] {
        kinds.enumerated().map { OfferRules.Document(id: .stored(firstRow + Int64($0.offset)), kind: $0.element, receivedAt: time, message: message) }
    }

    static func offer(_ status: OfferStatus, first: Int64, authentication: SenderAuthentication = .none) -> OfferState {
        OfferState(status: status, firstReceivedAt: first, receivedAt: first, authentication: authentication, attention: nil)
    }

    @Test func aFirstCompleteOfferIsCreatedAcceptedAndAcknowledged() {
        let decision = IntakeDecision.decide(Self.input(Self.allFour, at: Self.deadline - 10), rules: Self.rules, policy: Self.policy)
        #expect(decision.category == .offer)
        #expect(decision.counted)
        #expect(decision.offer.state?.status == .accepted)
        guard case .created = decision.offer else { Issue.record("a new offer"); return }
        #expect(decision.events == [.created(status: .incomplete), .messageCounted(kinds: Self.allFour),
                                    .statusChanged(from: .incomplete, to: .accepted)])
        #expect(decision.reply == .acknowledgment)
    }

    @Test func aResubmissionNamesOnlyWhatItReplaced() {
        let first = Self.stored(Self.allFour, at: 100, message: 1, firstRow: 1)
        let second = Self.stored([.cv], at: 200, message: 2, firstRow: 5)
        let decision = IntakeDecision.decide(
            Self.input([.cv], at: 300, offer: Self.offer(.accepted, first: 100), counted: first + second),
            rules: Self.rules, policy: Self.policy)
        // Row 4 (the first CV) was replaced by message 2 already: only row 5 is replaced now.
        #expect(decision.events.contains(.documentReplaced([.stored(5)])))
        #expect(decision.evaluation?.current[.cv] == [.incoming(0)])
        #expect(decision.reply == .acknowledgment)
    }

    @Test func aMessageStoredAfterALaterOneIsReplacedAtOnce() {
        let later = Self.stored([.cv], at: 500, message: 7, firstRow: 10)
        let decision = IntakeDecision.decide(
            Self.input([.cv], at: 400, offer: Self.offer(.incomplete, first: 500), counted: later), rules: Self.rules, policy: Self.policy)
        #expect(decision.events.contains(.documentReplaced([.incoming(0)])))
        #expect(decision.evaluation?.current[.cv] == [.stored(10)])
    }

    @Test func aLateMessageNeverCountsTowardAnOfferThatBeganInTime() {
        let counted = Self.stored([.letterOfIntent], at: Self.deadline - 100, message: 1, firstRow: 1)
        let decision = IntakeDecision.decide(
            Self.input(Self.allFour, at: Self.deadline + 1, offer: Self.offer(.incomplete, first: Self.deadline - 100), counted: counted),
            rules: Self.rules, policy: Self.policy)
        #expect(!decision.counted)
        #expect(decision.events == [.lateMessage])
        #expect(decision.offer.state?.status == .incomplete)
        #expect(decision.reply == .late)
    }

    @Test func aFailedCheckIsHeldAndFlagsTheOffer() {
        var facts = Self.facts()
        facts.failedCheck = "dmarc=fail"
        let decision = IntakeDecision.decide(Self.input(Self.allFour, at: 100, offer: Self.offer(.incomplete, first: 50), facts: facts),
                                             rules: Self.rules, policy: Self.policy)
        #expect(decision.category == .held)
        #expect(!decision.counted)
        #expect(decision.review?.kind == .held)
        #expect(decision.reply == nil)
        #expect(decision.offer.state?.attention == .messageHeld(reason: decision.reason))
        #expect(decision.offer.state?.status == .incomplete)
        // A person's release is the applicant's mail: counted, answered.
        let released = IntakeDecision.decide(Self.input(Self.allFour, at: 100, offer: Self.offer(.incomplete, first: 50), facts: facts, released: true),
                                             rules: Self.rules, policy: Self.policy)
        #expect(released.counted)
        #expect(released.reply == .acknowledgment)
    }

    @Test func aMessageWithNothingThatReadsAsAnOfferIsCorrespondence() {
        let decision = IntakeDecision.decide(Self.input([], at: 100), rules: Self.rules, policy: Self.policy)
        #expect(decision.category == .correspondence)
        #expect(decision.offer == .none)
        #expect(decision.events.isEmpty)
    }

    @Test func aWithdrawalFlagsTheOfferAndIsNotAnswered() {
        var facts = Self.facts()
        facts.looksLikeWithdrawal = true
        let decision = IntakeDecision.decide(Self.input([.letterOfIntent], at: 100, offer: Self.offer(.incomplete, first: 50), facts: facts),
                                             rules: Self.rules, policy: Self.policy)
        #expect(decision.category == .withdrawal)
        #expect(decision.offer.state?.attention == .withdrawalRequested(messageID: "m@example.org"))
        #expect(decision.events.first == .withdrawalRequested)
        #expect(decision.reply == nil)
    }

    @Test func mailThatMakesNoOfferTouchesNone() {
        let decision = IntakeDecision.decide(Self.input(Self.allFour, at: 100, facts: Self.facts(from: "secretariat@aston.example")),
                                             rules: Self.rules, policy: Self.policy)
        #expect(decision.category == .own)
        #expect(decision.offer == .none)
        #expect(decision.reply == nil)
        #expect(!IntakeDecision.concernsOffer(Self.facts(from: "secretariat@aston.example"), policy: Self.policy))
    }

    @Test func theDailyLimitStopsTheReplyButNotTheCount() {
        #expect(IntakeDecision.needsReplyCount(Self.facts(), policy: Self.policy))
        let decision = IntakeDecision.decide(Self.input(Self.allFour, at: 100, repliesToday: 5), rules: Self.rules, policy: Self.policy)
        #expect(decision.counted)
        #expect(decision.reply == nil)
        #expect(decision.reason.contains("daily limit"))
    }

    @Test func theAttentionTextNamesTheMessage() {
        #expect(OfferAttention.messageHeld(reason: "dmarc=fail").text(messageRow: 12) == "message 12 held for a person: dmarc=fail")
        #expect(OfferAttention.withdrawalRequested(messageID: nil).text(messageRow: 3) == "withdrawal requested by message 3")
    }
}
