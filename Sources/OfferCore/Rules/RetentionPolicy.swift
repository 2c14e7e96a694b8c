/// How long the register keeps each kind of personal data, counted from one date the Secretariat
/// sets (the deadline by default; the contract's signature or end once known). Pure: time is passed in.
///
/// Three things leave separately: the raw messages (bodies, headers, every byte as received), the
/// documents' contents (CVs, offers), and the applicants' identities (names, addresses, subjects,
/// file names, reply texts). What stays is the tombstone: public ids, statuses, receipt times and
/// every SHA-256, so that a receipt an applicant kept can be checked years later.
public struct RetentionPolicy: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable, Codable {
        case rawMessages = "raw_messages"
        case documents
        case identities
    }

    /// Seconds since 1970 the durations count from.
    public var countedFrom: Int64
    /// One year: the raw messages serve disputes about what was received, decided long before.
    public var rawMessagesDays = 365
    /// Five years: the records of a public purchase (the offers of the applicants) are kept that long.
    public var documentsDays = 1826
    /// Five years, with the documents: an offer without its applicant's name is no record.
    public var identitiesDays = 1826
    /// Whether a purged message's copies on the IMAP server are expunged too. Off by default: the
    /// server's mailbox is the Secretariat's, and its own retention may differ.
    public var expungeFromServer = false

    public init(countedFrom: Int64) { self.countedFrom = countedFrom }

    /// The policy of a register without `[retention]`: nothing ever expires.
    public static func keepingForever(from countedFrom: Int64) -> RetentionPolicy {
        var policy = RetentionPolicy(countedFrom: countedFrom)
        (policy.rawMessagesDays, policy.documentsDays, policy.identitiesDays) = (.max / 86_400 / 2, .max / 86_400 / 2, .max / 86_400 / 2)
        return policy
    }

    public func days(_ category: Category) -> Int {
        switch category {
        case .rawMessages: rawMessagesDays
        case .documents: documentsDays
        case .identities: identitiesDays
        }
    }

    /// The first moment `category` may no longer be kept. A raw message holds its documents and
    /// its sender's identity: it goes no later than they do.
    public func expiry(_ category: Category) -> Int64 {
        let own = countedFrom + Int64(days(category)) * 86_400
        guard category == .rawMessages else { return own }
        return min(own, expiry(.documents), expiry(.identities))
    }

    /// Whether `category` has expired at `now`.
    public func isDue(_ category: Category, now: Int64) -> Bool { now >= expiry(category) }

    /// The categories that have expired at `now`, in the order they are removed.
    public func due(now: Int64) -> [Category] { Category.allCases.filter { isDue($0, now: now) } }
}
