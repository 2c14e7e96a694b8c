/// An offer as the rules change it: what ``IntakeDecision`` reads and writes. The register's row
/// (public id, applicant, times of the row itself) is the store's business.
public struct OfferState: Sendable, Hashable {
    public var status: OfferStatus
    /// INTERNALDATE of the offer's first message.
    public var firstReceivedAt: Int64
    /// INTERNALDATE of the latest counted message.
    public var receivedAt: Int64
    /// The strongest sender check a counted message of this offer passed.
    public var authentication: SenderAuthentication
    /// Something a person must look at (a withdrawal, a held forgery), or nil.
    public var attention: OfferAttention?

    public init(status: OfferStatus, firstReceivedAt: Int64, receivedAt: Int64, authentication: SenderAuthentication,
                attention: OfferAttention?) {
        self.status = status
        self.firstReceivedAt = firstReceivedAt
        self.receivedAt = receivedAt
        self.authentication = authentication
        self.attention = attention
    }
}

/// Why an offer needs a person, as the register shows it.
public enum OfferAttention: Sendable, Hashable {
    /// Set before this model (or by a person): kept as written.
    case note(String)
    /// A message of the offer asks to withdraw it.
    case withdrawalRequested(messageID: String?)
    /// A message from the applicant's address is held for a person.
    case messageHeld(reason: String)

    /// The register's text; `messageRow` is the row of the message that raised it.
    public func text(messageRow: Int64) -> String {
        switch self {
        case .note(let text): text
        case .withdrawalRequested(let messageID): "withdrawal requested by message \(messageID ?? String(messageRow))"
        case .messageHeld(let reason): "message \(messageRow) held for a person: \(reason)"
        }
    }
}
