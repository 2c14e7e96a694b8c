import CCurl
public import Logging

/// Sends raw RFC 5322 messages over SMTP and reports, per recipient, whether the
/// server took it, deferred it (4yz) or refused it (5yz).
///
/// The connection is kept between sends (one EHLO and AUTH for many messages). Calls
/// are serialised and run on a private dispatch queue, not on the cooperative pool.
public final class SMTPSender: Sendable {
    public let configuration: SMTPConfiguration
    private let worker: BlockingQueue<SMTPSession>

    public init(configuration: SMTPConfiguration, logger: Logger) throws(MailTransportError) {
        self.configuration = configuration
        worker = BlockingQueue(label: "offerbox.smtp", state: try SMTPSession(configuration: configuration, logger: logger))
    }

    /// Sends `message` (line endings normalised to CRLF) from the envelope sender
    /// `sender` (`""` or `"<>"` for the null sender of RFC 3834 auto-replies) to `recipients`.
    /// Returns normally whenever the server answered every recipient, even if it refused
    /// them all; throws for connection, TLS, authentication and MAIL FROM failures.
    ///
    /// `onAccepted` runs on the sender's thread as soon as the server answers the end of DATA with
    /// 2yz, with the recipients it took the message for, before this call returns: the earliest
    /// moment a caller can record that the message is gone, so that a crash just after the server
    /// took it does not send it again. `onDataSent` runs just before the final "." goes out: a
    /// crash between the two leaves the caller unable to know whether the server kept the message
    /// (RFC 1047), and lets it know that it cannot know.
    public func send(
        _ message: [UInt8], from sender: String, to recipients: [String],
        onDataSent: (@Sendable () -> Void)? = nil, onAccepted: (@Sendable (_ acceptedRecipients: [String]) -> Void)? = nil
    ) async throws(MailTransportError) -> SMTPSendResult {
        try await worker.run { session throws(MailTransportError) in
            try session.send(message, from: sender, to: recipients, onDataSent: onDataSent, onAccepted: onAccepted)
        }
    }

    /// Connects, says EHLO, sets up TLS (verified) and logs in, then hangs up without sending:
    /// for `check-config`. Throws what a send would throw at the same steps.
    public func verify() async throws(MailTransportError) {
        try await worker.run { session throws(MailTransportError) in try session.verify() }
    }
}

/// The blocking side of `SMTPSender`, confined to its queue.
final class SMTPSession {
    private let configuration: SMTPConfiguration
    private let logger: Logger
    private let baseURL: String
    private let implicitTLS: Bool
    private var easy: CurlEasy?
    private var transcript = SMTPTranscript()

    /// CURLOPT_MAIL_RCPT_ALLLOWFAILS: three L's in 7.88, renamed in 8.2 (notes section 11).
    private static let mailRcptAllowFails = CURLoption(rawValue: 290)

    init(configuration: SMTPConfiguration, logger: Logger) throws(MailTransportError) {
        self.configuration = configuration
        self.logger = logger
        let url = configuration.url
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw .configuration(.invalidConfiguration, "SMTP URL \(URLRedaction.redacted(url)) has no scheme")
        }
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "smtps": implicitTLS = true
        case "smtp": implicitTLS = false
        default: throw .configuration(.invalidConfiguration, "SMTP URL \(URLRedaction.redacted(url)): the scheme must be smtps:// or smtp://")
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty, !authority.contains("@") else {
            throw .configuration(.invalidConfiguration, "SMTP URL \(URLRedaction.redacted(url)) needs a host (credentials go in the configuration)")
        }
        // The URL path is the EHLO name for libcurl.
        baseURL = "\(url[..<schemeEnd.lowerBound].lowercased())://\(authority)/\(PercentEncoding.encodePath(configuration.ehloName))"
    }

    func send(_ message: [UInt8], from sender: String, to recipients: [String], onDataSent: (() -> Void)?,
              onAccepted: (([String]) -> Void)?) throws(MailTransportError) -> SMTPSendResult {
        guard !recipients.isEmpty else { throw .configuration(.invalidConfiguration, "no recipients") }
        for address in recipients + [sender] where address.contains("\r") || address.contains("\n") {
            throw .configuration(.invalidConfiguration, "an envelope address contains a line break")
        }
        if case .sent(let result) = try attempt(message, from: sender, to: recipients, onDataSent: onDataSent, onAccepted: onAccepted) { return result }
        // Servers cap the messages of one connection (Exim by default at 1,000) and then answer
        // MAIL FROM with 421 or 4yz. Nothing of the message was sent: a new connection, once.
        easy = nil
        switch try attempt(message, from: sender, to: recipients, onDataSent: onDataSent, onAccepted: onAccepted) {
        case .sent(let result): return result
        case .mailFromDeferred(let error):
            easy = nil
            throw error
        }
    }

    private enum Attempt {
        case sent(SMTPSendResult)
        /// MAIL FROM answered 4yz: the server's state (a connection limit, load), not our sender's fault.
        case mailFromDeferred(MailTransportError)
    }

    private func attempt(_ message: [UInt8], from sender: String, to recipients: [String], onDataSent: (() -> Void)?,
                         onAccepted: (([String]) -> Void)?) throws(MailTransportError) -> Attempt {
        let easy = try handle()
        let body = CRLFNormalizer.normalize(message)
        let envelopeSender = sender.isEmpty || sender == "<>" ? "<>" : (sender.hasPrefix("<") ? sender : "<\(sender)>")
        try easy.set(CURLOPT_MAIL_FROM, envelopeSender)
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients {
            list = curl_slist_append(list, recipient.hasPrefix("<") ? recipient : "<\(recipient)>")
        }
        defer { curl_slist_free_all(list) }
        try easy.setList(CURLOPT_MAIL_RCPT, list)
        easy.upload = body
        easy.uploadOffset = 0
        try easy.setOff(CURLOPT_INFILESIZE_LARGE, Int64(body.count))
        transcript = SMTPTranscript()
        transcript.onDataAccepted = onAccepted
        easy.onUploadFinished = onDataSent
        let rc = easy.perform()
        easy.onUploadFinished = nil
        try easy.setList(CURLOPT_MAIL_RCPT, nil)
        easy.upload = []

        let replies = transcript.recipientReplies
        let answeredAll = replies.count == recipients.count
        if rc != CURLE_OK && !(answeredAll && replies.allSatisfy({ $0.reply.code >= 400 })) {
            let error = CurlFailure.classify(rc, errorText: easy.errorText, serverLines: easy.serverLines, during: "SMTP send")
            if error.code == .commandRejected || error.code == .connectionLost, easy.errorText.hasPrefix("MAIL failed") {
                // "MAIL failed: 421": 4yz is the server's state (connection limit, load), 5yz our sender.
                let code = Int(easy.errorText.drop { !$0.isNumber }.prefix(3)) ?? 0
                if (400..<500).contains(code) { return .mailFromDeferred(.transient(.commandRejected, error.detail, curlCode: error.curlCode)) }
                throw .configuration(.commandRejected, error.detail, curlCode: error.curlCode)
            }
            throw error
        }
        let data = transcript.dataReply
        var results: [SMTPRecipientResult] = []
        for (index, recipient) in recipients.enumerated() {
            guard index < replies.count else {
                results.append(SMTPRecipientResult(recipient: recipient, outcome: .temporaryFailure, replyCode: 0, reply: "no reply"))
                continue
            }
            var reply = replies[index].reply
            // Accepted at RCPT, but only delivered once the end of DATA got a 2yz too.
            if reply.code < 400, let data, data.code >= 400 { reply = data }
            if reply.code < 400 && data == nil {
                reply = .init(code: 0, text: "DATA not completed")
            }
            let outcome: SMTPRecipientResult.Outcome =
                reply.code >= 500 ? .permanentFailure : (reply.code >= 400 || reply.code == 0 ? .temporaryFailure : .accepted)
            results.append(SMTPRecipientResult(recipient: recipient, outcome: outcome, replyCode: reply.code, reply: reply.text))
        }
        return .sent(SMTPSendResult(recipients: results))
    }

    func verify() throws(MailTransportError) {
        // A handle of its own, so that a kept sending connection is neither used nor disturbed.
        let probe = try makeHandle()
        try probe.set(CURLOPT_CONNECT_ONLY, 1)
        let rc = probe.perform()
        guard rc == CURLE_OK else {
            throw CurlFailure.classify(rc, errorText: probe.errorText, serverLines: probe.serverLines, during: "SMTP check")
        }
    }

    private func handle() throws(MailTransportError) -> CurlEasy {
        if let easy { return easy }
        let easy = try makeHandle()
        easy.transcriptObserver = { [unowned self] direction, line in
            switch direction {
            case .fromClient: transcript.client(line)
            case .fromServer: transcript.server(line)
            }
        }
        self.easy = easy
        return easy
    }

    /// A handle with the URL, timeouts, TLS and login of the configuration.
    private func makeHandle() throws(MailTransportError) -> CurlEasy {
        let secret = try configuration.credentials?.resolve()
        let easy = try CurlEasy(logger: logger, secrets: secret.map { [$0] } ?? [], alwaysObserveWire: true)
        try easy.set(CURLOPT_URL, baseURL)
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.set(Self.mailRcptAllowFails, 1)
        try easy.configure(for: configuration.access(implicitTLS: implicitTLS), secret: secret)
        return easy
    }
}
