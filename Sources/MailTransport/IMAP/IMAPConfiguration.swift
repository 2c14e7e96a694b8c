/// Everything needed to reach one IMAP mailbox.
public struct IMAPConfiguration: Sendable {
    /// `imaps://host[:port]/MAILBOX`, or `imap://...` (STARTTLS required unless
    /// `allowPlaintext`). The mailbox defaults to INBOX; write it in Unicode and
    /// %-escape spaces (`Offres%20re%C3%A7ues`).
    public var url: String
    public var username: String
    public var credentials: Credentials
    /// PEM file of the CA(s) to trust; nil means the system CAs. Verification is always on.
    public var caFile: String?
    /// Lets imap:// run without TLS. Meant for loopback test servers only.
    public var allowPlaintext: Bool
    public var timeouts: TransportTimeouts
    /// The keyword set on each stored message (RFC 3501 §2.3.2 flag-keyword).
    public var storedKeyword: String
    /// When set, stored messages are moved to this mailbox (created on first use).
    public var moveStoredTo: String?
    /// How many UIDs one `UID SEARCH` spans. 1,000 keeps each response line under
    /// libcurl's silent 16 KB cut (notes section 2).
    public var searchWindow: Int
    /// How long an idle connection may be reused (CURLOPT_MAXAGE_CONN); above the poll interval.
    public var maxConnectionAge: Duration
    /// Bandwidth cap for message downloads (CURLOPT_MAX_RECV_SPEED_LARGE); nil = none.
    public var maxReceiveBytesPerSecond: Int?

    public init(
        url: String,
        username: String,
        credentials: Credentials,
        caFile: String? = nil,
        allowPlaintext: Bool = false,
        timeouts: TransportTimeouts = .default,
        storedKeyword: String = "$OfferboxStored",
        moveStoredTo: String? = nil,
        searchWindow: Int = 1000,
        maxConnectionAge: Duration = .seconds(3600),
        maxReceiveBytesPerSecond: Int? = nil
    ) {
        self.url = url
        self.username = username
        self.credentials = credentials
        self.caFile = caFile
        self.allowPlaintext = allowPlaintext
        self.timeouts = timeouts
        self.storedKeyword = storedKeyword
        self.moveStoredTo = moveStoredTo
        self.searchWindow = searchWindow
        self.maxConnectionAge = maxConnectionAge
        self.maxReceiveBytesPerSecond = maxReceiveBytesPerSecond
    }
}

extension IMAPConfiguration {
    /// How a handle reaches and logs in to the server of `endpoint` (parsed from `url`).
    func access(_ endpoint: IMAPEndpoint) -> ServerAccess {
        ServerAccess(protocols: "imap,imaps", implicitTLS: endpoint.security == .implicitTLS, allowPlaintext: allowPlaintext,
                     caFile: caFile, timeouts: timeouts, login: (username, credentials))
    }
}
