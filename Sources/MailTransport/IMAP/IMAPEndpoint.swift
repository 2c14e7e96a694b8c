/// Where the mailbox is, taken apart from a URL such as `imaps://mail.example.org/INBOX`,
/// and the libcurl URLs built from it (libcurl IMAP URL syntax, RFC 5092 subset).
struct IMAPEndpoint: Equatable, Sendable {
    enum Security: Equatable, Sendable {
        /// imaps://: TLS from the first byte.
        case implicitTLS
        /// imap://: STARTTLS, required unless plaintext is allowed.
        case startTLS
    }

    let security: Security
    /// `host` or `host:port`, as written.
    let authority: String
    /// The mailbox name as the user wrote it (Unicode), default INBOX.
    let mailbox: String

    init(url: String) throws(MailTransportError) {
        let schemeEnd = url.firstRange(of: "://")
        guard let schemeEnd else { throw .configuration(.invalidConfiguration, "mailbox URL \(URLRedaction.redacted(url)) has no scheme") }
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "imaps": security = .implicitTLS
        case "imap": security = .startTLS
        default: throw .configuration(.invalidConfiguration, "mailbox URL \(URLRedaction.redacted(url)): the scheme must be imaps:// or imap://")
        }
        let rest = url[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        authority = String(rest[..<slash])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(";") else {
            throw .configuration(.invalidConfiguration, "mailbox URL \(URLRedaction.redacted(url)) needs a host (credentials go in the configuration, not the URL)")
        }
        var path = slash < rest.endIndex ? String(rest[rest.index(after: slash)...]) : ""
        while path.hasSuffix("/") { path.removeLast() }
        guard let decoded = PercentEncoding.decode(path) else {
            throw .configuration(.invalidConfiguration, "mailbox URL \(URLRedaction.redacted(url)) has a bad %-escape")
        }
        guard !decoded.contains(";"), !decoded.contains("?") else {
            throw .configuration(.invalidConfiguration, "mailbox URL \(URLRedaction.redacted(url)) must name a mailbox only (no ;UID=, no ?search)")
        }
        mailbox = decoded.isEmpty ? "INBOX" : decoded
    }

    var scheme: String { security == .implicitTLS ? "imaps" : "imap" }
    var host: String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":").first ?? "")
    }

    /// The server with no mailbox: custom commands here never make libcurl SELECT.
    var serverURL: String { "\(scheme)://\(authority)/" }
    func mailboxURL(_ name: String) -> String {
        serverURL + PercentEncoding.encodePath(ModifiedUTF7.encode(name))
    }
    var mailboxURL: String { mailboxURL(mailbox) }
    /// One message, refused by the server side of libcurl if UIDVALIDITY moved on.
    func messageURL(uid: UInt32, uidValidity: UInt32) -> String {
        "\(mailboxURL);UIDVALIDITY=\(uidValidity);UID=\(uid)"
    }

    /// The mailbox name as an IMAP quoted string, for custom commands.
    static func quoted(_ name: String) -> String {
        var result = "\""
        for character in ModifiedUTF7.encode(name) {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }
}

enum PercentEncoding {
    static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Escapes everything but RFC 3986 unreserved characters and `/` (the hierarchy separator).
    static func encodePath(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
