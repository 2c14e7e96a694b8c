/// Whether a message from an applicant's address may change the register by itself, or must wait
/// for a person: pure, from what the receiving server vouched for.
///
/// - A message that failed DMARC or SPF at the Secretariat's server is held, never counted.
/// - A message that would change an existing offer while its sender is less authenticated than the
///   strongest check that offer's counted mail ever passed is held: once an applicant's mail came
///   DMARC-aligned, a mail with only a forged `From` cannot replace their CV.
///
/// A first message with no authentication at all is not held: many small providers sign nothing,
/// and an applicant must be able to apply. What this cannot stop is said in the README.
public enum SenderHold: Sendable, Hashable {
    case failedCheck(String)
    case weakerThanOffer(message: SenderAuthentication, offer: SenderAuthentication)

    /// `offer`: the strongest check of the existing offer's counted mail, nil for a new applicant.
    public static func judge(_ facts: MessageFacts, offer: SenderAuthentication?) -> SenderHold? {
        if let failed = facts.failedCheck { return .failedCheck(failed) }
        if let offer, facts.authentication < offer { return .weakerThanOffer(message: facts.authentication, offer: offer) }
        return nil
    }

    public var reason: String {
        switch self {
        case .failedCheck(let check):
            "\(check) at the Secretariat's receiving server: held for a person, not counted"
        case .weakerThanOffer(let message, let offer):
            "sender passed \(message == .none ? "no check" : message.label) where this offer's earlier mail passed \(offer.label): held for a person, not counted"
        }
    }
}
