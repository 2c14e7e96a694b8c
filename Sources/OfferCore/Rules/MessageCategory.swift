/// What kind of mail a stored message is, as ``ReplyPolicy`` and ``IntakeDecision`` decide it; stored
/// as its raw value in `message.category`.
public enum MessageCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// An applicant's mail: it makes or updates an offer.
    case offer
    case autoReply = "auto_reply"
    case bounce
    case mailingList = "mailing_list"
    case spam
    /// From the Secretariat itself.
    case own
    /// Held for a person (``SenderHold``): stored, never counted, never answered until released.
    case held
    /// A question or remark with no document and nothing that reads as an offer: for a person to answer.
    case correspondence
    /// The daemon died processing it several times: stored raw, set aside, never processed by itself.
    case quarantined
    /// Asks to withdraw an offer: stored, flagged for a person, nothing deleted.
    case withdrawal
    /// No usable sender address.
    case anonymous
    /// Written before schema v3 for what is now ``held`` (a sender that failed its checks): kept
    /// so that those rows still read; never written now.
    case forged
}
