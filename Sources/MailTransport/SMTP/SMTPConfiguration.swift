/// Everything needed to hand mail to one SMTP submission server.
public struct SMTPConfiguration: Sendable {
    /// `smtps://host[:port]` (TLS from the start, RFC 8314) or `smtp://host[:port]`
    /// (STARTTLS required, RFC 3207, unless `allowPlaintext`).
    public var url: String
    /// nil: send without authentication (a relay that trusts the client's address).
    public var username: String?
    public var credentials: Credentials?
    public var caFile: String?
    public var allowPlaintext: Bool
    public var timeouts: TransportTimeouts
    /// The name given in EHLO.
    public var ehloName: String

    public init(
        url: String, username: String? = nil, credentials: Credentials? = nil, caFile: String? = nil,
        allowPlaintext: Bool = false, timeouts: TransportTimeouts = .default, ehloName: String = "localhost"
    ) {
        self.url = url
        self.username = username
        self.credentials = credentials
        self.caFile = caFile
        self.allowPlaintext = allowPlaintext
        self.timeouts = timeouts
        self.ehloName = ehloName
    }
}

extension SMTPConfiguration {
    /// How a handle reaches and logs in to the server; `implicitTLS` for smtps://.
    func access(implicitTLS: Bool) -> ServerAccess {
        let login = username.flatMap { username in credentials.map { (username: username, credentials: $0) } }
        return ServerAccess(protocols: "smtp,smtps", implicitTLS: implicitTLS, allowPlaintext: allowPlaintext,
                            caFile: caFile, timeouts: timeouts, login: login)
    }
}

/// The server's verdict on one recipient (RFC 5321 §4.2.1: 2yz accepted, 4yz try again, 5yz never).
public struct SMTPRecipientResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The message was accepted for this recipient (RCPT and the end of DATA both 2yz).
        case accepted
        /// 4yz: try again later.
        case temporaryFailure
        /// 5yz: do not try again.
        case permanentFailure
    }

    public let recipient: String
    public let outcome: Outcome
    /// The reply code (250, 451, 550, ...); 0 when the server never answered for it.
    public let replyCode: Int
    /// The server's reply text for this recipient (no secrets: server lines only).
    public let reply: String
}

/// The result of one SMTP transaction.
public struct SMTPSendResult: Sendable, Hashable {
    public let recipients: [SMTPRecipientResult]
    public var accepted: [String] { recipients.filter { $0.outcome == .accepted }.map(\.recipient) }
    public var allAccepted: Bool { recipients.allSatisfy { $0.outcome == .accepted } }
}
