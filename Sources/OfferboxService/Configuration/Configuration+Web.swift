extension Configuration {
    /// `[web]`: the register on a web page (absent: no page).
    ///
    /// Keys: `listen` (`HOST:PORT`, default `127.0.0.1:8080`), `tls_certificate` and `tls_key` (PEM
    /// files, both or neither: the page's own HTTPS; else plain HTTP for a reverse proxy on loopback),
    /// `secure_cookies` (bool, default true: the session cookie is only sent over HTTPS; browsers
    /// also send it to `http://localhost`), `session_hours` (int, default 8), `metrics` (bool,
    /// default true: `/metrics` without a login, counts only), and `[[web.user]]` tables (`name`,
    /// `role` one of secretariat, committee, auditor, `password_file` a bcrypt hash written by
    /// `offerbox passwd NAME`).
    public struct Web: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var tlsCertificate: String?
        public var tlsKey: String?
        public var secureCookies = true
        public var sessionHours = 8
        public var metrics = true
        public var users: [User] = []

        public init() {}

        public struct User: Sendable, Equatable {
            public var name: String
            public var role: WebRole
            /// A file holding the bcrypt hash of the user's password (one line).
            public var passwordFile: String

            public init(name: String, role: WebRole, passwordFile: String) {
                (self.name, self.role, self.passwordFile) = (name, role, passwordFile)
            }
        }

        public func user(named name: String) -> User? { users.first { $0.name == name } }
    }

    /// What a user of the page may see and do: see `OfferboxWeb`'s `Visibility`.
    public enum WebRole: String, Sendable, Equatable, CaseIterable {
        /// Sees everything, at any time, and makes corrections.
        case secretariat
        /// Before the deadline, each offer's id, applicant, receipt times, status and missing kinds
        /// only (the seal); everything after it.
        case committee
        /// The history and who saw what; documents under the same seal as the committee.
        case auditor
    }
}

extension Configuration {
    static func readWeb(_ reader: inout ConfigurationTableReader) throws(ConfigurationError) -> Web? {
        guard var table = try reader.table("web") else { return nil }
        var web = Web()
        if let listen = try table.string("listen") {
            guard let (host, port) = Self.hostAndPort(listen) else {
                throw table.error("listen", "expected HOST:PORT (such as 127.0.0.1:8080 or [::1]:8080), found \"\(listen)\"")
            }
            (web.host, web.port) = (host, port)
        }
        web.tlsCertificate = try table.string("tls_certificate")
        web.tlsKey = try table.string("tls_key")
        if (web.tlsCertificate == nil) != (web.tlsKey == nil) {
            throw table.error(web.tlsCertificate == nil ? "tls_certificate" : "tls_key", "give both tls_certificate and tls_key, or neither")
        }
        web.secureCookies = try table.bool("secure_cookies", default: true)
        web.sessionHours = try table.int("session_hours", default: 8, minimum: 1)
        web.metrics = try table.bool("metrics", default: true)
        for var userTable in try table.tables("user") ?? [] {
            let name = try userTable.requiredString("name")
            guard Self.isUserName(name) else {
                throw userTable.error("name", "a user name is 1 to 64 letters, digits and .-_@, found \"\(name)\"")
            }
            guard web.user(named: name) == nil else { throw userTable.error("name", "user \(name) is configured twice") }
            let roleText = try userTable.requiredString("role")
            guard let role = WebRole(rawValue: roleText) else {
                throw userTable.error("role", "expected one of \(WebRole.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(roleText)\"")
            }
            web.users.append(Web.User(name: name, role: role, passwordFile: try userTable.requiredString("password_file")))
            try userTable.rejectUnknownKeys()
        }
        try table.rejectUnknownKeys()
        return web
    }

    /// `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`.
    static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
        return (host, port)
    }

    static func isUserName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.unicodeScalars.allSatisfy {
            ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A)
                || ($0.value >= 0x61 && $0.value <= 0x7A) || ".-_@".unicodeScalars.contains($0)
        }
    }
}
