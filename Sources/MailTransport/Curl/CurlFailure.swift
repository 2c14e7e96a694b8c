import CCurl

/// Sorts a failed libcurl request into a `MailTransportError` (notes sections 8, 9, 12).
enum CurlFailure {
    static func classify(
        _ rc: CURLcode, errorText: String, serverLines: [String], during action: String
    ) -> MailTransportError {
        let code = Int(rc.rawValue)
        let curlText = errorText.isEmpty ? String(cString: curl_easy_strerror(rc)) : errorText
        let reply = lastServerComplaint(serverLines)
        let detail = "\(action): \(curlText)" + (reply.map { "; server: \($0)" } ?? "")
        // A BYE answered by a tagged OK is the reply to libcurl's own LOGOUT, not the server leaving.
        let lastBye = serverLines.lastIndex { IMAPResponseParser.hasPrefixIgnoringCase($0, "* BYE") }
        let sawBye = lastBye.map { bye in
            !serverLines[(bye + 1)...].contains { $0.split(separator: " ").dropFirst().first?.uppercased() == "OK" }
        } ?? false

        switch code {
        case 1, 3, 4, 43, 48, 53:
            return .configuration(.invalidConfiguration, detail, curlCode: code)
        case 5, 6, 7:
            return .transient(.connectionFailed, detail, curlCode: code)
        case 28:
            return .transient(.timeout, detail, curlCode: code)
        case 35:
            return .transient(.tlsHandshakeFailed, detail, curlCode: code)
        case 51, 60, 83, 90, 91:
            return .configuration(.untrustedCertificate, detail, curlCode: code)
        case 58, 59, 77, 80:
            return .configuration(.caFileUnreadable, detail, curlCode: code)
        case 64:
            return .configuration(.startTLSUnavailable, detail, curlCode: code)
        case 67, 94:
            if errorText.contains("Select failed") {
                return .configuration(.mailboxNotFound, detail, curlCode: code)
            }
            return .configuration(.authenticationFailed, detail, curlCode: code)
        case 9:
            return .configuration(.authenticationFailed, detail, curlCode: code)
        case 78:
            if errorText.localizedCaseInsensitiveContainsASCII("UIDVALIDITY") {
                return .transient(.uidValidityChanged, detail, curlCode: code)
            }
            return .perMessage(.messageGone, detail, curlCode: code)
        case 21:
            if let reply, reply.contains("[TRYCREATE]") || reply.contains("[NONEXISTENT]") {
                return .configuration(.mailboxNotFound, detail, curlCode: code)
            }
            return .transient(.commandRejected, detail, curlCode: code)
        case 16, 18, 26, 52, 55, 56:
            return .transient(sawBye ? .serverBye : .connectionLost, detail, curlCode: code)
        case 8:
            return .transient(sawBye ? .serverBye : .protocolError, detail, curlCode: code)
        case 23, 27:
            return .transient(.internalError, detail, curlCode: code)
        default:
            return .transient(.protocolError, detail, curlCode: code)
        }
    }

    /// The last tagged NO/BAD or `* BYE` line, which says what the server objected to.
    /// (Server lines never contain the client's credentials.)
    static func lastServerComplaint(_ lines: [String]) -> String? {
        for line in lines.reversed() {
            let words = line.split(separator: " ", maxSplits: 2)
            guard words.count >= 2 else { continue }
            let status = words[1].uppercased()
            if status == "NO" || status == "BAD" || status == "BYE" { return String(line.prefix(300)) }
            if let number = Int(words[0]), number >= 400 { return String(line.prefix(300)) }
        }
        return nil
    }
}

extension String {
    func localizedCaseInsensitiveContainsASCII(_ needle: String) -> Bool {
        lowercased().contains(needle.lowercased())
    }
}
