/// Which mail gets an automatic reply, and which makes an offer at all: one place, each decision with its reason.
///
/// Follows RFC 3834 section 2 (no reply to automatic mail, lists or bounces), recognises the
/// auto-responders that do not say so in `Auto-Submitted` (vendor headers, the subject prefixes
/// clients write in English, French, Portuguese, Spanish and German), and protects people from
/// offerbox: a reply goes only to the sender's own address (`From`, the address the offer belongs
/// to), never to a `Reply-To` the sender merely asked for, and no address gets more than a daily
/// number of replies. Whether a sender may change an offer at all is ``SenderHold``'s decision.
public struct ReplyPolicy: Sendable, Hashable {
    /// The Secretariat's own addresses, lowercased: never answered, never an offer.
    public var ownAddresses: Set<String>
    public var dailyLimitPerAddress: Int

    public init(ownAddresses: some Sequence<String>, dailyLimitPerAddress: Int) {
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
        self.dailyLimitPerAddress = dailyLimitPerAddress
    }

    /// What kind of mail this is (stored with the message).
    public typealias Category = MessageCategory

    public struct Decision: Sendable, Hashable {
        public var category: Category
        /// Where the reply goes, nil for none.
        public var replyTo: String?
        /// Why, in a few words, for the log and the register.
        public var reason: String

        public init(category: Category, replyTo: String?, reason: String) {
            self.category = category
            self.replyTo = replyTo
            self.reason = reason
        }

        public var makesOffer: Bool { category == .offer || category == .withdrawal }
    }

    /// Classifies the message; `repliesToday` counts replies already queued today for the reply address.
    public func decide(_ facts: MessageFacts, repliesToday: (String) -> Int) -> Decision {
        guard let from = facts.fromAddress, from.contains("@") else {
            return Decision(category: .anonymous, replyTo: nil, reason: "no sender address")
        }
        if ownAddresses.contains(from) { return Decision(category: .own, replyTo: nil, reason: "from the Secretariat's own address \(from)") }
        if let returnPath = facts.returnPath, returnPath.isEmpty || Self.isDaemon(returnPath) {
            return Decision(category: .bounce, replyTo: nil, reason: "null or MAILER-DAEMON return path")
        }
        if facts.isReport { return Decision(category: .bounce, replyTo: nil, reason: "multipart/report (delivery or read report)") }
        if Self.isDaemon(from) { return Decision(category: .bounce, replyTo: nil, reason: "from a mailer daemon") }
        if let auto = facts.autoSubmitted, auto != "no" {
            return Decision(category: .autoReply, replyTo: nil, reason: "Auto-Submitted: \(auto)")
        }
        if let header = facts.autoReplyHeader { return Decision(category: .autoReply, replyTo: nil, reason: header) }
        if let subject = facts.subject, let prefix = AutoReplySubjects.prefix(of: subject) {
            return Decision(category: .autoReply, replyTo: nil, reason: "subject begins \"\(prefix)\"")
        }
        if let suppress = facts.autoResponseSuppress, suppress.lowercased() != "none" {
            return Decision(category: .autoReply, replyTo: nil, reason: "X-Auto-Response-Suppress: \(suppress)")
        }
        if let precedence = facts.precedence, ["bulk", "list", "junk", "auto_reply"].contains(precedence) {
            return Decision(category: precedence == "auto_reply" ? .autoReply : .mailingList, replyTo: nil,
                            reason: "Precedence: \(precedence)")
        }
        if facts.hasListID || facts.hasListUnsubscribe {
            return Decision(category: .mailingList, replyTo: nil, reason: facts.hasListID ? "List-Id present" : "List-Unsubscribe present")
        }
        if facts.spamFlagged { return Decision(category: .spam, replyTo: nil, reason: "X-Spam-Flag: YES") }
        let target = from
        if facts.looksLikeWithdrawal {
            return Decision(category: .withdrawal, replyTo: nil, reason: "asks to withdraw the offer: flagged for a person")
        }
        if Self.isNoReply(target) { return Decision(category: .offer, replyTo: nil, reason: "no-reply address \(target)") }
        if repliesToday(target) >= dailyLimitPerAddress {
            return Decision(category: .offer, replyTo: nil,
                            reason: "daily limit of \(dailyLimitPerAddress) replies to \(target) reached")
        }
        return Decision(category: .offer, replyTo: target, reason: "reply to \(target)")
    }

    /// Whether a reply that answers no message (a corrected receipt) may go to an offer's
    /// address: the same limits as any reply (never the Secretariat, never a no-reply address,
    /// the daily limit per address). The reason when it may not.
    public func refusal(toReply address: String, repliesToday: Int) -> String? {
        if ownAddresses.contains(address.lowercased()) { return "the Secretariat's own address \(address)" }
        if Self.isNoReply(address) { return "no-reply address \(address)" }
        if repliesToday >= dailyLimitPerAddress { return "daily limit of \(dailyLimitPerAddress) replies to \(address) reached" }
        return nil
    }

    /// A message with no file, no letter in its body and no link to hosted files does not read as
    /// an offer: it is correspondence for a person, never an offer and never answered by the robot.
    public static func isCorrespondence(documents: Int, hostedLinks: Int) -> Bool {
        documents == 0 && hostedLinks == 0
    }

    static func localPart(_ address: String) -> Substring {
        address.split(separator: "@", maxSplits: 1).first ?? Substring(address)
    }

    static func isDaemon(_ address: String) -> Bool {
        let local = localPart(address).lowercased()
        return local == "mailer-daemon" || local == "postmaster" || local == "mail-daemon"
    }

    static func isNoReply(_ address: String) -> Bool {
        let local = localPart(address).lowercased().filter { $0 != "-" && $0 != "_" && $0 != "." }
        return ["noreply", "donotreply", "noresponse", "bounce", "bounces", "notifications", "notification"]
            .contains(where: { local == $0 || local.hasPrefix($0 + "+") })
    }
}
