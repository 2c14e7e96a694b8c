import MailTransport

/// What the configuration needs to know of a mailbox or SMTP URL (`imaps://HOST[:PORT]/MAILBOX`,
/// `smtp://HOST[:PORT]`): its host, whether it carries credentials, whether it stays on this
/// machine, and how to quote it. Pure functions of the text.
public enum ServerURL {
    /// The URL as every message quotes it: userinfo hidden (``URLRedaction``).
    public static func quoted(_ url: String) -> String { URLRedaction.redacted(url) }

    /// The part after `://`, up to the first `/`.
    static func authority(of url: String) -> Substring? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        return url[scheme.upperBound...].prefix { $0 != "/" }
    }

    /// Whether a user name or password was written in the URL: an `@` anywhere in the authority,
    /// or anywhere at all before the last `@` when a password holding a `/` split it.
    static func hasUserinfo(_ url: String) -> Bool {
        guard let authority = authority(of: url) else { return false }
        return authority.contains("@") || URLRedaction.redacted(url) != url && !isHostAndPort(authority)
    }

    /// `host`, `host:port` or `[v6]:port`, the port in digits: nothing else is an authority we use.
    static func isHostAndPort(_ authority: Substring) -> Bool {
        var rest = authority
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]"), close > rest.index(after: rest.startIndex) else { return false }
            rest = rest[rest.index(after: close)...]
        } else {
            let host = rest.prefix { $0 != ":" }
            guard !host.isEmpty, !host.contains("@") else { return false }
            rest = rest[host.endIndex...]
        }
        if rest.isEmpty { return true }
        guard rest.first == ":" else { return false }
        let port = rest.dropFirst()
        return !port.isEmpty && port.count <= 5 && port.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// The host of a URL without userinfo, without brackets for an IPv6 literal; nil when the
    /// authority is not `host[:port]`.
    static func host(of url: String) -> String? {
        guard let authority = authority(of: url), isHostAndPort(authority) else { return nil }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.prefix { $0 != ":" })
    }

    /// Whether the URL's host is this machine: see ``isLoopbackHost(_:)``.
    static func isLoopback(_ url: String) -> Bool {
        host(of: url).map(isLoopbackHost) ?? false
    }

    /// Loopback is an IPv4 literal in 127.0.0.0/8 written as four decimal numbers, the IPv6
    /// literal `::1`, or the name `localhost` (in any case, as DNS names are), and nothing else:
    /// `127.evil.example` and `localhost.evil.example` are names any DNS server may point anywhere.
    static func isLoopbackHost(_ host: String) -> Bool {
        if host == "::1" || host.lowercased() == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        var octets: [Int] = []
        for part in parts {
            // Decimal only: a leading zero reads as octal to inet_aton, so such text is not taken as loopback.
            guard (1...3).contains(part.count), part.allSatisfy({ $0 >= "0" && $0 <= "9" }),
                  part.count == 1 || part.first != "0", let value = Int(part), value <= 255 else { return false }
            octets.append(value)
        }
        return octets[0] == 127
    }
}
