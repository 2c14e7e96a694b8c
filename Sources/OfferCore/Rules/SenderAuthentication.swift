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

    /// The strongest check that passed among `results` (method → result, lowercased).
    public init(passed results: [String: String]) {
        if results["dmarc"] == "pass" { self = .dmarc } else if results["dkim"] == "pass" { self = .dkim }
        else if results["spf"] == "pass" { self = .spf } else { self = .none }
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
