import CCurl
import Logging

/// The blocking side of `IMAPMailboxClient`: one libcurl handle, so one login, reused
/// across requests. Confined to the client's serial queue.
///
/// \Seen: libcurl fetches with `BODY[]`, never `BODY.PEEK[]` (notes section 3), so
/// messages are fetched while the mailbox is EXAMINEd (read-only, RFC 3501 §6.3.2),
/// where `BODY[]` cannot set \Seen. When libcurl had to reconnect during a fetch it
/// SELECTs read-write on its own; the session notices (CURLINFO_NUM_CONNECTS) and clears
/// \Seen again on a message that did not have it.
final class IMAPSession {
    private let configuration: IMAPConfiguration
    let endpoint: IMAPEndpoint
    private let logger: Logger
    private var easy: CurlEasy?
    private var currentSecret: String?
    private var secretResolvedAt: ContinuousClock.Instant?

    /// What the connection has selected, as far as the session knows.
    private enum View { case unknown, nothing, readOnly, readWrite }
    private var view = View.unknown
    private(set) var capabilities: Set<String> = []
    /// UIDVALIDITY of the mailbox as last (re)opened on this connection.
    private var selectedValidity: UInt32?

    init(configuration: IMAPConfiguration, logger: Logger) throws(MailTransportError) {
        self.configuration = configuration
        self.endpoint = try IMAPEndpoint(url: configuration.url)
        self.logger = logger
        if endpoint.security == .startTLS && !configuration.allowPlaintext {
            // STARTTLS is required below (CURLUSESSL_ALL); nothing to reject here.
        }
        if configuration.username.isEmpty {
            throw .configuration(.invalidConfiguration, "IMAP username is empty")
        }
    }

    /// Logs out and closes the connection (libcurl sends LOGOUT on cleanup).
    func disconnect() {
        easy = nil
        view = .unknown
    }

    // MARK: operations

    func status() throws(MailTransportError) -> IMAPMailboxStatus {
        let lines = try examine()
        let info = IMAPResponseParser.selectInfo(lines)
        guard let validity = info.uidValidity, let next = info.uidNext else {
            throw .transient(.protocolError, "EXAMINE \(endpoint.mailbox) gave no UIDVALIDITY/UIDNEXT")
        }
        return IMAPMailboxStatus(uidValidity: validity, uidNext: next, messages: info.exists ?? 0)
    }

    func newUIDs(after lastUID: UInt32, upTo uidNext: UInt32, limit: Int, unstoredOnly: Bool) throws(MailTransportError) -> [UInt32] {
        // A reused, selected connection shows new mail only after a command (notes section 2).
        _ = try custom("NOOP", on: endpoint.mailboxURL)
        var found: [UInt32] = []
        let window = UInt32(clamping: max(1, configuration.searchWindow))
        var start = lastUID == UInt32.max ? UInt32.max : lastUID + 1
        let filter = unstoredOnly ? " NOT KEYWORD \(configuration.storedKeyword)" : ""
        while start < uidNext && found.count < limit {
            let end = min(uidNext - 1, start.addingReportingOverflow(window - 1).overflow ? UInt32.max : start + window - 1)
            let lines = try custom("UID SEARCH UID \(start):\(end)\(filter)", on: endpoint.mailboxURL)
            found += IMAPResponseParser.searchUIDs(lines).filter { $0 >= start && $0 <= end }.sorted()
            if end == UInt32.max { break }
            start = end + 1
        }
        return Array(found.prefix(limit))
    }

    func infos(_ uids: [UInt32]) throws(MailTransportError) -> [IMAPMessageInfo] {
        var result: [IMAPMessageInfo] = []
        let sorted = Array(Set(uids)).sorted()
        var index = 0
        while index < sorted.count {
            // 100 lines per request: larger metadata FETCHes hit libcurl 7.88's 300 KB header cap (curl 56) in practice.
            let chunk = sorted[index..<min(sorted.count, index + 100)]
            index += chunk.count
            let lines = try custom("UID FETCH \(UIDSet.format(chunk)) (UID FLAGS INTERNALDATE RFC822.SIZE)", on: endpoint.mailboxURL)
            let wanted = Set(chunk)
            for line in lines {
                guard let attributes = IMAPResponseParser.fetchAttributes(line),
                      let uid = attributes.uid, wanted.contains(uid),
                      let dateText = attributes.internalDate, let date = IMAPInternalDate(dateText),
                      let size = attributes.size
                else { continue }
                result.append(IMAPMessageInfo(uid: uid, internalDate: date, size: size, flags: attributes.flags ?? []))
            }
        }
        return result.sorted { $0.uid < $1.uid }
    }

    func fetch(_ info: IMAPMessageInfo, uidValidity: UInt32) throws(MailTransportError) -> IMAPMessage {
        if view != .readOnly { _ = try examine() }
        try checkValidity(expected: uidValidity)
        let easy: CurlEasy
        do {
            easy = try perform(url: endpoint.messageURL(uid: info.uid, uidValidity: uidValidity), command: nil,
                               expectedSize: info.size, action: "fetch UID \(info.uid)")
        } catch where error.kind != .configuration && error.code != .uidValidityChanged {
            // Expunged by another client but not yet announced to this one, Dovecot answers
            // the FETCH oddly (curl 8). Look again with a fresh view before blaming the network.
            if (try? uidExists(info.uid, uidValidity: uidValidity)) == false {
                throw .perMessage(.messageGone, "UID \(info.uid) is no longer in \(endpoint.mailbox)", curlCode: error.curlCode)
            }
            throw error
        }
        let bytes = easy.takeBody()
        if easy.newConnections > 0 || view != .readOnly {
            // libcurl reconnected and SELECTed read-write: BODY[] has just set \Seen.
            view = .readWrite
            if !info.isSeen {
                _ = try custom("UID STORE \(info.uid) -FLAGS.SILENT (\\Seen)", on: endpoint.mailboxURL)
            }
        }
        if bytes.count != info.size {
            logger.warning("message size differs from RFC822.SIZE",
                           metadata: ["uid": "\(info.uid)", "size": "\(bytes.count)", "rfc822_size": "\(info.size)"])
        }
        return IMAPMessage(info: info, bytes: bytes)
    }

    func markStored(_ uids: [UInt32], uidValidity: UInt32) throws(MailTransportError) -> IMAPStoreResult {
        guard !uids.isEmpty else { return IMAPStoreResult(flagged: [], moved: []) }
        let set = UIDSet.format(uids)
        try selectReadWrite(uidValidity)
        let lines = try custom("UID STORE \(set) +FLAGS (\(configuration.storedKeyword))", on: endpoint.mailboxURL)
        let wanted = Set(uids)
        let keyword = configuration.storedKeyword.lowercased()
        var flagged: [UInt32] = []
        for line in lines {
            guard let attributes = IMAPResponseParser.fetchAttributes(line), let uid = attributes.uid,
                  wanted.contains(uid), attributes.flags?.contains(where: { $0.lowercased() == keyword }) == true
            else { continue }
            flagged.append(uid)
        }
        flagged = Array(Set(flagged)).sorted()
        guard let destination = configuration.moveStoredTo, !flagged.isEmpty else {
            return IMAPStoreResult(flagged: flagged, moved: [])
        }
        let moved: [UInt32]
        do {
            moved = try move(flagged, to: destination, uidValidity: uidValidity)
        } catch where error.code == .mailboxNotFound {
            // libcurl dropped the connection after the NO; CREATE, then try once more.
            _ = try custom("CREATE \(IMAPEndpoint.quoted(destination))", on: endpoint.serverURL)
            moved = try move(flagged, to: destination, uidValidity: uidValidity)
        }
        return IMAPStoreResult(flagged: flagged, moved: Array(Set(moved).intersection(wanted)).sorted())
    }

    private func move(_ uids: [UInt32], to destination: String, uidValidity: UInt32) throws(MailTransportError) -> [UInt32] {
        try selectReadWrite(uidValidity)
        let set = UIDSet.format(uids)
        let target = IMAPEndpoint.quoted(destination)
        if capabilities.contains("MOVE") {
            // RFC 6851; COPYUID arrives untagged before the EXPUNGEs.
            let lines = try custom("UID MOVE \(set) \(target)", on: endpoint.mailboxURL)
            return IMAPResponseParser.copiedUIDs(lines + (easy?.serverLines ?? []))
        }
        // RFC 3501 COPY + RFC 4315 UID EXPUNGE: only the copied messages are expunged.
        _ = try custom("UID COPY \(set) \(target)", on: endpoint.mailboxURL)
        let copied = IMAPResponseParser.copiedUIDs(easy?.serverLines ?? [])
        let confirmed = copied.isEmpty ? uids : copied
        let confirmedSet = UIDSet.format(confirmed)
        _ = try custom("UID STORE \(confirmedSet) +FLAGS.SILENT (\\Deleted)", on: endpoint.mailboxURL)
        if capabilities.contains("UIDPLUS") {
            _ = try custom("UID EXPUNGE \(confirmedSet)", on: endpoint.mailboxURL)
        }
        return confirmed
    }

    /// Of `uids`, those the mailbox still holds (read-only: EXAMINE, UID SEARCH).
    func existing(_ uids: [UInt32], uidValidity: UInt32) throws(MailTransportError) -> [UInt32] {
        guard !uids.isEmpty else { return [] }
        _ = try examine()
        try checkValidity(expected: uidValidity)
        let wanted = Set(uids)
        return IMAPResponseParser.searchUIDs(try custom("UID SEARCH UID \(UIDSet.format(uids))", on: endpoint.mailboxURL))
            .filter { wanted.contains($0) }.sorted()
    }

    /// Deletes `uids` from the server for good: \Deleted, then UID EXPUNGE of exactly these
    /// (RFC 4315). Without UIDPLUS nothing is expunged (a plain EXPUNGE would remove every message
    /// someone else marked \Deleted): the messages stay marked, and `false` says so.
    func expunge(_ uids: [UInt32], uidValidity: UInt32) throws(MailTransportError) -> Bool {
        guard !uids.isEmpty else { return true }
        try selectReadWrite(uidValidity)
        let set = UIDSet.format(uids)
        _ = try custom("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", on: endpoint.mailboxURL)
        // libcurl may have reconnected (and selected again) for the STORE: the UIDs must still be
        // those of `uidValidity`, else the marks are taken back and nothing is expunged.
        do {
            try checkValidity(expected: uidValidity)
        } catch {
            _ = try? custom("UID STORE \(set) -FLAGS.SILENT (\\Deleted)", on: endpoint.mailboxURL)
            throw error
        }
        guard capabilities.contains("UIDPLUS") else { return false }
        _ = try custom("UID EXPUNGE \(set)", on: endpoint.mailboxURL)
        return true
    }

    // MARK: views

    /// EXAMINE the configured mailbox: read-only, and a fresh view with UIDVALIDITY/UIDNEXT.
    private func examine() throws(MailTransportError) -> [String] {
        let lines = try custom("EXAMINE \(IMAPEndpoint.quoted(endpoint.mailbox))", on: endpoint.mailboxURL)
        view = .readOnly
        if let validity = IMAPResponseParser.selectInfo(lines).uidValidity { selectedValidity = validity }
        return lines
    }

    private func selectReadWrite(_ uidValidity: UInt32) throws(MailTransportError) {
        if view != .readWrite {
            let lines = try custom("SELECT \(IMAPEndpoint.quoted(endpoint.mailbox))", on: endpoint.mailboxURL)
            view = .readWrite
            if let validity = IMAPResponseParser.selectInfo(lines).uidValidity { selectedValidity = validity }
        }
        try checkValidity(expected: uidValidity)
    }

    private func checkValidity(expected: UInt32) throws(MailTransportError) {
        if let validity = selectedValidity, validity != expected {
            throw .transient(.uidValidityChanged,
                             "\(endpoint.mailbox): UIDVALIDITY is \(validity), the UIDs belong to \(expected)")
        }
    }

    private func uidExists(_ uid: UInt32, uidValidity: UInt32) throws(MailTransportError) -> Bool {
        _ = try examine()
        try checkValidity(expected: uidValidity)
        return IMAPResponseParser.searchUIDs(try custom("UID SEARCH UID \(uid)", on: endpoint.mailboxURL)).contains(uid)
    }

    // MARK: requests

    /// A custom command without literals in its answer; returns its untagged lines.
    private func custom(_ command: String, on url: String) throws(MailTransportError) -> [String] {
        let easy = try perform(url: url, command: command, expectedSize: nil, action: command.split(separator: " ").prefix(2).joined(separator: " "))
        if url == endpoint.serverURL && easy.newConnections > 0 { view = .nothing }
        return easy.bodyLines
    }

    private func perform(url: String, command: String?, expectedSize: Int?, action: String) throws(MailTransportError) -> CurlEasy {
        var retriedDeadSocket = false
        var retriedSecret = false
        while true {
            let easy = try handle()
            try easy.set(CURLOPT_URL, url)
            try easy.set(CURLOPT_CUSTOMREQUEST, command)
            let rc = easy.perform(expectedBodySize: expectedSize)
            capabilities = IMAPResponseParser.capabilities(easy.serverLines) ?? capabilities
            if rc == CURLE_OK {
                if easy.newConnections > 0 && url != endpoint.serverURL {
                    // libcurl SELECTed on its own; its untagged lines went to the header callback.
                    view = .readWrite
                    selectedValidity = IMAPResponseParser.selectInfo(easy.serverLines).uidValidity ?? selectedValidity
                }
                return easy
            }
            view = .unknown
            selectedValidity = nil
            let error = CurlFailure.classify(rc, errorText: easy.errorText, serverLines: easy.serverLines, during: action)
            logger.debug("IMAP request failed", metadata: ["error": "\(error)"])
            // A graceful close left `* BYE` unread: libcurl reused the dead socket (notes section 7).
            // Only when nothing but a BYE arrived: a transfer cut midway is reported, not repeated.
            let onlyBye = (easy.bodyLines + easy.serverLines).allSatisfy { IMAPResponseParser.hasPrefixIgnoringCase($0, "* BYE") }
            if !retriedDeadSocket, onlyBye, easy.newConnections == 0, [52, 55, 56].contains(Int(rc.rawValue)) {
                retriedDeadSocket = true
                continue
            }
            // A token or password that changed since the last login: read it again, once.
            if !retriedSecret, error.code == .authenticationFailed, let previous = currentSecret,
               try resolveSecret() != previous {
                retriedSecret = true
                self.easy = nil
                continue
            }
            throw error
        }
    }

    private func handle() throws(MailTransportError) -> CurlEasy {
        if let easy {
            if let resolvedAt = secretResolvedAt, resolvedAt.duration(to: .now) > .seconds(60) {
                try easy.setSecret(resolveSecret(), for: configuration.credentials)
            }
            return easy
        }
        let secret = try resolveSecret()
        let easy = try CurlEasy(logger: logger, secrets: [secret])
        try configure(easy, secret: secret)
        self.easy = easy
        view = .unknown
        return easy
    }

    private func configure(_ easy: CurlEasy, secret: String) throws(MailTransportError) {
        try easy.configure(for: configuration.access(endpoint), secret: secret)
        try easy.set(CURLOPT_MAXAGE_CONN, configuration.maxConnectionAge.curlSeconds)
        if let rate = configuration.maxReceiveBytesPerSecond {
            try easy.setOff(CURLOPT_MAX_RECV_SPEED_LARGE, Int64(rate))
        }
    }

    @discardableResult
    private func resolveSecret() throws(MailTransportError) -> String {
        let value = try configuration.credentials.resolve()
        currentSecret = value
        secretResolvedAt = .now
        return value
    }
}
