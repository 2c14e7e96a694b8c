import CCurl

/// What a libcurl handle needs to reach and log in to one server, IMAP and SMTP alike: the
/// protocols it may speak, its time limits, the TLS policy and the login.
/// ``CurlEasy/configure(for:secret:heldOpen:)`` is the one place they become options.
struct ServerAccess {
    /// CURLOPT_PROTOCOLS_STR: `imap,imaps` or `smtp,smtps`.
    var protocols: String
    /// imaps:// or smtps://: TLS from the first byte. Otherwise STARTTLS, mandatory unless `allowPlaintext`.
    var implicitTLS: Bool
    var allowPlaintext: Bool
    /// PEM file of the CA(s) to trust; nil (or empty) keeps the system CAs.
    var caFile: String?
    var timeouts: TransportTimeouts
    /// Who logs in and how; nil: no login (an SMTP relay that trusts the client's address).
    var login: (username: String, credentials: Credentials)?
}

extension CurlEasy {
    /// Sets the protocols, time limits, TLS policy and login of `access`. `secret` is the login's
    /// password or token, already read (nil: no login). A connection `heldOpen` (IDLE) gets the
    /// connect and reply limits only: a limit on the whole request would end it.
    func configure(for access: ServerAccess, secret: String?, heldOpen: Bool = false) throws(MailTransportError) {
        try set(CURLOPT_PROTOCOLS_STR, access.protocols)
        let timeouts = access.timeouts
        try set(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connect.curlMilliseconds)
        try set(CURLOPT_SERVER_RESPONSE_TIMEOUT, timeouts.response.curlSeconds)
        if !heldOpen {
            try set(CURLOPT_TIMEOUT_MS, timeouts.total.curlMilliseconds)
            try set(CURLOPT_LOW_SPEED_TIME, timeouts.lowSpeedTime.curlSeconds)
            try set(CURLOPT_LOW_SPEED_LIMIT, timeouts.lowSpeedBytesPerSecond)
        }
        // TLS: always verify the peer and its name.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        // An empty string would make libcurl fail with 77; nil keeps the system CAs (notes section 8).
        if let caFile = access.caFile, !caFile.isEmpty { try set(CURLOPT_CAINFO, caFile) }
        if !access.implicitTLS {
            let level = access.allowPlaintext ? CURLUSESSL_NONE : CURLUSESSL_ALL
            try set(CURLOPT_USE_SSL, Int(level.rawValue))
        }
        if let login = access.login, let secret {
            try set(CURLOPT_USERNAME, login.username)
            try setSecret(secret, for: login.credentials)
        }
    }

    /// The password (with its SASL mechanism) or the bearer token of `credentials`; also used on
    /// its own when a rotated secret is read again.
    func setSecret(_ secret: String, for credentials: Credentials) throws(MailTransportError) {
        switch credentials {
        case .password(_, let mechanism):
            try set(CURLOPT_PASSWORD, secret)
            try set(CURLOPT_LOGIN_OPTIONS, mechanism.loginOptions)
        case .xoauth2:
            try set(CURLOPT_XOAUTH2_BEARER, secret)
            try set(CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2")
        }
    }
}
