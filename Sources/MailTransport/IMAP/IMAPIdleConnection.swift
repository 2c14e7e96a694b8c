import CCurl
import Glibc
import Logging

/// A raw IMAP connection for IDLE (RFC 2177): libcurl connects, does TLS or STARTTLS
/// and logs in (CURLOPT_CONNECT_ONLY), then this class speaks IMAP itself through
/// curl_easy_send/curl_easy_recv (notes section 10). Confined to the watcher's thread.
final class IMAPIdleConnection {
    private let easy: CurlEasy
    private let logger: Logger
    private let responseTimeout: Duration
    private var buffer: [UInt8] = []
    private var tagCounter = 0

    init(configuration: IMAPConfiguration, endpoint: IMAPEndpoint, logger: Logger) throws(MailTransportError) {
        self.logger = logger
        self.responseTimeout = configuration.timeouts.response
        let secret = try configuration.credentials.resolve()
        easy = try CurlEasy(logger: logger, secrets: [secret])
        try easy.set(CURLOPT_URL, endpoint.serverURL)
        try easy.set(CURLOPT_CONNECT_ONLY, 1)
        try easy.configure(for: configuration.access(endpoint), secret: secret, heldOpen: true)
        let rc = easy.perform()
        guard rc == CURLE_OK else {
            throw CurlFailure.classify(rc, errorText: easy.errorText, serverLines: easy.serverLines, during: "IDLE connect")
        }
    }

    /// Sends a command and returns its untagged lines; NO/BAD throws.
    func command(_ text: String) throws(MailTransportError) -> [String] {
        let tag = nextTag()
        try send("\(tag) \(text)")
        var untagged: [String] = []
        let deadline = ContinuousClock.now + responseTimeout
        while true {
            guard let line = try readLine(until: deadline) else {
                throw .transient(.timeout, "no answer to \(text.prefix(20)) within \(responseTimeout)")
            }
            if line.hasPrefix("\(tag) ") {
                let status = line.dropFirst(tag.count + 1).prefix(3).uppercased()
                if status.hasPrefix("OK") { return untagged }
                throw .transient(.commandRejected, "\(text.prefix(30)): \(line.prefix(200))")
            }
            try checkBye(line)
            untagged.append(line)
        }
    }

    /// Starts IDLE and waits for the server's continuation.
    func startIdle() throws(MailTransportError) -> String {
        let tag = nextTag()
        try send("\(tag) IDLE")
        let deadline = ContinuousClock.now + responseTimeout
        while true {
            guard let line = try readLine(until: deadline) else { throw .transient(.timeout, "no continuation for IDLE") }
            if line.hasPrefix("+") { return tag }
            if line.hasPrefix("\(tag) ") { throw .transient(.commandRejected, "IDLE refused: \(line.prefix(200))") }
            try checkBye(line)
        }
    }

    /// Ends IDLE (sends DONE) and waits for the tagged completion; returns lines seen meanwhile.
    func endIdle(tag: String) throws(MailTransportError) -> [String] {
        try send("DONE")
        var lines: [String] = []
        let deadline = ContinuousClock.now + responseTimeout
        while true {
            guard let line = try readLine(until: deadline) else { throw .transient(.timeout, "no answer to DONE") }
            if line.hasPrefix("\(tag) ") { return lines }
            try checkBye(line)
            lines.append(line)
        }
    }

    /// The next complete line, or nil when `deadline` passes first. EOF throws.
    func readLine(until deadline: ContinuousClock.Instant) throws(MailTransportError) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var end = newline
                if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...newline)
                logger.trace("S: \(line)")
                return line
            }
            // Drain what libcurl (and OpenSSL's buffer) holds before waiting on the socket.
            var chunk = [UInt8](repeating: 0, count: 16_384)
            var received = 0
            let rc = chunk.withUnsafeMutableBytes { curl_easy_recv(easy.handle, $0.baseAddress, $0.count, &received) }
            if rc == CURLE_OK {
                if received == 0 { throw .transient(.connectionLost, "the server closed the IDLE connection") }
                buffer += chunk[..<received]
                if buffer.count > 1_000_000 { throw .transient(.protocolError, "IDLE response line over 1 MB") }
                continue
            }
            guard rc == CURLE_AGAIN else {
                throw CurlFailure.classify(rc, errorText: easy.errorText, serverLines: [], during: "IDLE read")
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return nil }
            try wait(events: Int16(POLLIN), timeout: remaining)
        }
    }

    private func send(_ line: String) throws(MailTransportError) {
        logger.trace("C: \(line)")
        var bytes = Array((line + "\r\n").utf8)
        let deadline = ContinuousClock.now + responseTimeout
        while !bytes.isEmpty {
            var sent = 0
            let rc = bytes.withUnsafeBytes { curl_easy_send(easy.handle, $0.baseAddress, $0.count, &sent) }
            if rc == CURLE_OK {
                bytes.removeFirst(sent)
            } else if rc == CURLE_AGAIN {
                let remaining = ContinuousClock.now.duration(to: deadline)
                if remaining <= .zero { throw .transient(.timeout, "send timed out") }
                try wait(events: Int16(POLLOUT), timeout: remaining)
            } else {
                throw CurlFailure.classify(rc, errorText: easy.errorText, serverLines: [], during: "IDLE send")
            }
        }
    }

    private func wait(events: Int16, timeout: Duration) throws(MailTransportError) {
        let socket = easy.activeSocket
        guard socket >= 0 else { throw .transient(.connectionLost, "the IDLE connection has no socket") }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        let milliseconds = Int32(clamping: max(1, timeout.curlMilliseconds))
        _ = poll(&descriptor, 1, milliseconds)
    }

    private func checkBye(_ line: String) throws(MailTransportError) {
        if IMAPResponseParser.hasPrefixIgnoringCase(line, "* BYE") {
            throw .transient(.serverBye, "server: \(line.prefix(200))")
        }
    }

    private func nextTag() -> String {
        tagCounter += 1
        return "OBX\(tagCounter)"
    }
}
