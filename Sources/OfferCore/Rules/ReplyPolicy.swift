/// Which mail gets an automatic reply, and which makes an offer at all: one place, each decision with its reason.
///
/// Follows RFC 3834 section 2 (no reply to automatic mail, lists or bounces) and protects people
/// from offerbox: forged senders (DMARC or SPF fail) are held for a person rather than answered,
/// no address gets more than a daily number of replies, and replies go to Reply-To when present.
public struct ReplyPolicy: Sendable, Hashable {
    /// The Secretariat's own addresses, lowercased: never answered, never an offer.
    public var ownAddresses: Set<String>
    public var dailyLimitPerAddress: Int

    public init(ownAddresses: some Sequence<String>, dailyLimitPerAddress: Int) {
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
        self.dailyLimitPerAddress = dailyLimitPerAddress
    }

    /// What kind of mail this is.
    public enum Category: String, Sendable, Hashable {
        /// An applicant's mail: it makes or updates an offer.
        case offer
        case autoReply = "auto_reply"
        case bounce
        case mailingList = "mailing_list"
        case spam
        /// From the Secretariat itself.
        case own
        /// Failed DMARC or SPF at the receiving server: recorded in the offer, flagged for a person, never answered.
        case forged
        /// Asks to withdraw an offer: stored, flagged for a person, nothing deleted.
        case withdrawal
        /// No usable sender address.
        case anonymous
    }

    public struct Decision: Sendable, Hashable {
        public var category: Category
        /// Where the reply goes, nil for none.
        public var replyTo: String?
        /// Why, in a few words, for the log and the register.
        public var reason: String

        public var makesOffer: Bool { category == .offer || category == .withdrawal || category == .forged }
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
        if facts.dmarc == "fail" || facts.spf == "fail" {
            let which = facts.dmarc == "fail" ? "dmarc=fail" : "spf=fail"
            return Decision(category: .forged, replyTo: nil, reason: "\(which) at the receiving server: held for a person")
        }
        let target = facts.replyToAddress.flatMap { $0.contains("@") ? $0 : nil } ?? from
        if facts.looksLikeWithdrawal {
            return Decision(category: .withdrawal, replyTo: nil, reason: "asks to withdraw the offer: flagged for a person")
        }
        if ownAddresses.contains(target) {
            return Decision(category: .offer, replyTo: nil, reason: "Reply-To is the Secretariat's own address")
        }
        if Self.isNoReply(target) { return Decision(category: .offer, replyTo: nil, reason: "no-reply address \(target)") }
        if repliesToday(target) >= dailyLimitPerAddress {
            return Decision(category: .offer, replyTo: nil,
                            reason: "daily limit of \(dailyLimitPerAddress) replies to \(target) reached")
        }
        return Decision(category: .offer, replyTo: target, reason: "reply to \(target)")
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
