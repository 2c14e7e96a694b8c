import TextBasics

/// How strongly the Secretariat's own receiving server vouched for a message's sender, from the
/// results it wrote (RFC 8601 `Authentication-Results` with its authserv-id); ordered weakest first.
///
/// - `dmarc`: DMARC passed: the From domain is aligned with an SPF or DKIM pass.
/// - `dkim`: a DKIM signature verified (of some domain, not necessarily the From's).
/// - `spf`: the envelope sender's domain allowed the sending host.
/// - `none`: nothing passed, or no trusted results at all.
///
/// None of these proves which person wrote the mail: they prove which domain's servers sent it.
public enum SenderAuthentication: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case none = 0
    case spf = 1
    case dkim = 2
    case dmarc = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// One result the receiving server wrote: `spf=pass smtp.mailfrom=a@example.org`, with the
    /// domain it vouches for (`smtp.mailfrom`'s, `header.d`, `header.from`), lowercased.
    public struct Result: Sendable, Hashable {
        public var method: String
        public var result: String
        public var domain: String?

        public init(method: String, result: String, domain: String?) {
            self.method = method
            self.result = result
            self.domain = domain
        }
    }

    /// The strongest check that passed **for the From domain** among `results`. An SPF pass
    /// vouches only for the envelope sender's domain and a DKIM pass only for the signing domain,
    /// both of the sender's choosing: they count only when that domain is the From domain or
    /// shares it (relaxed alignment, as DMARC's RFC 7489 section 3.1 defines it, with the
    /// organizational domain approximated by a common suffix). A DMARC pass is about the From
    /// domain by definition; when it names one (`header.from`), that must be the From domain.
    public init(passed results: [Result], fromDomain: String?) {
        guard let from = fromDomain?.lowercased(), !from.isEmpty else {
            self = .none
            return
        }
        func passes(_ method: String, requireDomain: Bool) -> Bool {
            results.contains { result in
                guard result.method == method, result.result == "pass" else { return false }
                guard let domain = result.domain else { return !requireDomain }
                return Self.aligned(domain, from)
            }
        }
        if passes("dmarc", requireDomain: false) { self = .dmarc } else if passes("dkim", requireDomain: true) { self = .dkim }
        else if passes("spf", requireDomain: true) { self = .spf } else { self = .none }
    }

    /// `mail.example.org` and `example.org` are aligned; `example.org.evil.example` and `example.org` are not.
    static func aligned(_ domain: String, _ from: String) -> Bool {
        let domain = domain.lowercased().droppingSuffix("."), from = from.droppingSuffix(".")
        guard !domain.isEmpty, domain.contains(".") else { return false }
        return domain == from || from.hasSuffix("." + domain) || domain.hasSuffix("." + from)
    }

    public var label: String {
        switch self {
        case .none: "none"
        case .spf: "SPF"
        case .dkim: "DKIM"
        case .dmarc: "DMARC"
        }
    }
}
