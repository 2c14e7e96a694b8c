// STUB: to be replaced by the date work.

/// A point in time read from a Date header.
public struct MessageDate: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64
    /// The zone offset the sender wrote, in minutes east of UTC (0 when unknown).
    public var utcOffsetMinutes: Int

    public init(secondsSince1970: Int64, utcOffsetMinutes: Int) {
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    public static func < (lhs: MessageDate, rhs: MessageDate) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// RFC 3339 in UTC: `2022-06-20T10:15:00Z`.
    public var rfc3339UTC: String { "" }
}

/// RFC 5322 dates and the obsolete and broken forms seen in the wild.
public enum DateParser {
    /// Parses a Date header value; nil when hopeless.
    public static func parse(_ raw: some Collection<UInt8>) -> MessageDate? {
        nil
    }
}
