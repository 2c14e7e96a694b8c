import OfferCore
import Testing

@Suite struct ReplyPolicyTests {
    static let policy = ReplyPolicy(ownAddresses: ["Secretariat@example.org", "partnerships@example.org"], dailyLimitPerAddress: 5)

    static func facts(_ change: (inout MessageFacts) -> Void = { _ in }) -> MessageFacts {
        var facts = MessageFacts()
        facts.fromAddress = "awa@example.org"
        facts.returnPath = "awa@example.org"
        change(&facts)
        return facts
    }

    @Test func anOrdinaryOfferIsAnsweredAtItsSender() {
        let decision = Self.policy.decide(Self.facts(), repliesToday: { _ in 0 })
        #expect(decision.category == .offer)
        #expect(decision.replyTo == "awa@example.org")
    }

    /// Issue 8, finding 5: a Reply-To elsewhere received another applicant's receipt.
    @Test func repliesNeverGoToAReplyToThatDiffers() {
        let decision = Self.policy.decide(Self.facts { $0.replyToAddress = "consultancy@example.net" }, repliesToday: { _ in 0 })
        #expect(decision.replyTo == "awa@example.org")
    }

    static let silenced: [(String, @Sendable (inout MessageFacts) -> Void, ReplyPolicy.Category)] = [
        ("auto-replied", { $0.autoSubmitted = "auto-replied" }, .autoReply),
        ("auto-generated", { $0.autoSubmitted = "auto-generated" }, .autoReply),
        ("precedence bulk", { $0.precedence = "bulk" }, .mailingList),
        ("precedence list", { $0.precedence = "list" }, .mailingList),
        ("precedence junk", { $0.precedence = "junk" }, .mailingList),
        ("list-id", { $0.hasListID = true }, .mailingList),
        ("list-unsubscribe", { $0.hasListUnsubscribe = true }, .mailingList),
        ("null return path", { $0.returnPath = "" }, .bounce),
        ("mailer-daemon return path", { $0.returnPath = "MAILER-DAEMON@mx.example.org" }, .bounce),
        ("multipart/report", { $0.isReport = true }, .bounce),
        ("x-auto-response-suppress", { $0.autoResponseSuppress = "OOF, AutoReply" }, .autoReply),
        ("spam flag", { $0.spamFlagged = true }, .spam),
        ("x-autoreply", { $0.autoReplyHeader = "X-Autoreply: yes" }, .autoReply),
        ("english subject", { $0.subject = "Automatic reply: Call for consultants" }, .autoReply),
        ("outlook subject", { $0.subject = "Out of Office: Offer" }, .autoReply),
        ("french subject", { $0.subject = "Réponse automatique : Votre offre" }, .autoReply),
        ("french absence", { $0.subject = "Absence du bureau" }, .autoReply),
        ("portuguese subject", { $0.subject = "Resposta automática: Proposta" }, .autoReply),
        ("spanish subject", { $0.subject = "Respuesta automática: Oferta" }, .autoReply),
        ("german subject", { $0.subject = "Abwesenheitsnotiz: Angebot" }, .autoReply),
        ("german automatic", { $0.subject = "Automatische Antwort: Angebot" }, .autoReply),
        ("own address", { $0.fromAddress = "secretariat@example.org" }, .own),
        ("no sender", { $0.fromAddress = nil }, .anonymous),
        ("withdrawal", { $0.looksLikeWithdrawal = true }, .withdrawal),
    ]

    @Test(arguments: silenced.indices)
    func automaticListBounceSpamForgedAndOwnMailIsNeverAnswered(index: Int) {
        let (name, change, category) = Self.silenced[index]
        let decision = Self.policy.decide(Self.facts(change), repliesToday: { _ in 0 })
        #expect(decision.replyTo == nil, "\(name)")
        #expect(decision.category == category, "\(name)")
        #expect(!decision.reason.isEmpty)
    }

    @Test func autoSubmittedNoIsAnOrdinaryMessage() {
        #expect(Self.policy.decide(Self.facts { $0.autoSubmitted = "no" }, repliesToday: { _ in 0 }).replyTo == "awa@example.org")
    }

    @Test(arguments: ["noreply@example.org", "no-reply@example.org", "do_not_reply@example.org", "bounces+x@example.org"])
    func noReplyAddressesMakeAnOfferButGetNoReply(address: String) {
        let decision = Self.policy.decide(Self.facts { $0.fromAddress = address }, repliesToday: { _ in 0 })
        #expect(decision.category == .offer)
        #expect(decision.replyTo == nil)
    }

    @Test func theDailyLimitStopsRepliesToOneAddress() {
        #expect(Self.policy.decide(Self.facts(), repliesToday: { _ in 4 }).replyTo == "awa@example.org")
        let limited = Self.policy.decide(Self.facts(), repliesToday: { _ in 5 })
        #expect(limited.replyTo == nil)
        #expect(limited.category == .offer)
        #expect(limited.reason.contains("daily limit"))
    }

    @Test func aReplyToPointingAtTheSecretariatChangesNothing() {
        let decision = Self.policy.decide(Self.facts { $0.replyToAddress = "partnerships@example.org" }, repliesToday: { _ in 0 })
        #expect(decision.replyTo == "awa@example.org")
    }

    @Test(arguments: ["Offer - Awa Diallo", "Re: Automatic reply handling in our workplan", "Proposta técnica", "Question about the call"])
    func ordinarySubjectsAreNotAutoReplies(subject: String) {
        #expect(Self.policy.decide(Self.facts { $0.subject = subject }, repliesToday: { _ in 0 }).category == .offer)
    }

    @Test func senderHolds() {
        var facts = Self.facts()
        #expect(SenderHold.judge(facts, offer: nil) == nil, "a first message without any check is not held")
        facts.failedCheck = "dmarc=fail"
        #expect(SenderHold.judge(facts, offer: nil) == .failedCheck("dmarc=fail"))
        facts.failedCheck = nil
        facts.authentication = .spf
        #expect(SenderHold.judge(facts, offer: .dmarc) == .weakerThanOffer(message: .spf, offer: .dmarc))
        #expect(SenderHold.judge(facts, offer: .spf) == nil)
        facts.authentication = .dmarc
        #expect(SenderHold.judge(facts, offer: .dkim) == nil)
    }
}
