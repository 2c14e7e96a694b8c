/// An error from the IMAP or SMTP transport, sorted by what the caller should do about it.
///
/// SSWG style: an opaque struct with a private code enum, so that codes can be added
/// without breaking the API. Equality compares the code only.
/// `description` never contains a secret: it is built from curl's error text and the
/// server's reply line, which never echo credentials back.
public struct MailTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the caller should do.
    public enum Kind: Hashable, Sendable {
        /// Fix the configuration (credentials, mailbox name, CA, TLS): retrying will not help.
        case configuration
        /// Network or server trouble: retry later, the same request may well succeed.
        case transient
        /// This one message cannot be processed (its UID is gone); carry on with the others.
        case perMessage
    }

    /// The precise reason, comparable with `==`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Internal: String, Hashable, Sendable {
            case invalidConfiguration, plaintextNotAllowed, authenticationFailed, mailboxNotFound
            case untrustedCertificate, caFileUnreadable, startTLSUnavailable, secretUnavailable
            case connectionFailed, connectionLost, timeout, serverBye, tlsHandshakeFailed
            case commandRejected, protocolError, uidValidityChanged, messageGone, internalError
        }
        private let value: Internal
        private init(_ value: Internal) { self.value = value }

        /// A malformed URL, an unsupported scheme or an option libcurl refused.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// imap:// or smtp:// without STARTTLS was requested but `allowPlaintext` is false.
        public static let plaintextNotAllowed = Code(.plaintextNotAllowed)
        /// The server refused the credentials (IMAP NO [AUTHENTICATIONFAILED], SMTP 535).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// SELECT/EXAMINE/STATUS of the mailbox failed: it does not exist or is not accessible.
        public static let mailboxNotFound = Code(.mailboxNotFound)
        /// The server certificate did not verify against the CA file (or the system CAs).
        public static let untrustedCertificate = Code(.untrustedCertificate)
        /// The configured CA file could not be read or parsed.
        public static let caFileUnreadable = Code(.caFileUnreadable)
        /// STARTTLS was required but the server did not offer it or refused it.
        public static let startTLSUnavailable = Code(.startTLSUnavailable)
        /// The password provider failed or the XOAUTH2 token file could not be read.
        public static let secretUnavailable = Code(.secretUnavailable)
        /// The TCP connection could not be made (refused, unreachable, name not resolved).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke during a request (reset, closed mid-message).
        public static let connectionLost = Code(.connectionLost)
        /// A connect, response, total or low-speed timeout fired.
        public static let timeout = Code(.timeout)
        /// The server said BYE (shutdown, idle logout).
        public static let serverBye = Code(.serverBye)
        /// The TLS handshake failed for a reason other than certificate trust.
        public static let tlsHandshakeFailed = Code(.tlsHandshakeFailed)
        /// The server answered NO or BAD to a command.
        public static let commandRejected = Code(.commandRejected)
        /// The server's answer could not be understood.
        public static let protocolError = Code(.protocolError)
        /// The mailbox's UIDVALIDITY is not the one the caller's UIDs belong to: resynchronise.
        public static let uidValidityChanged = Code(.uidValidityChanged)
        /// No message with this UID exists (expunged, moved, or never existed).
        public static let messageGone = Code(.messageGone)
        /// A libcurl failure that points at a bug in this module.
        public static let internalError = Code(.internalError)

        public var description: String { value.rawValue }
    }

    public let code: Code
    public let kind: Kind
    /// Human-readable detail (curl's error text and/or the server's reply), without secrets.
    public let detail: String
    /// The libcurl result code, when the error came from libcurl.
    public let curlCode: Int?

    init(_ code: Code, kind: Kind, _ detail: String, curlCode: Int? = nil) {
        self.code = code
        self.kind = kind
        self.detail = detail
        self.curlCode = curlCode
    }

    public var description: String {
        let curl = curlCode.map { " (curl \($0))" } ?? ""
        return "\(code) [\(kind)]: \(detail)\(curl)"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static func configuration(_ code: Code, _ detail: String, curlCode: Int? = nil) -> Self {
        Self(code, kind: .configuration, detail, curlCode: curlCode)
    }
    static func transient(_ code: Code, _ detail: String, curlCode: Int? = nil) -> Self {
        Self(code, kind: .transient, detail, curlCode: curlCode)
    }
    static func perMessage(_ code: Code, _ detail: String, curlCode: Int? = nil) -> Self {
        Self(code, kind: .perMessage, detail, curlCode: curlCode)
    }
}
