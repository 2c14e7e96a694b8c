public import Foundation

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

    /// The same instant as a Foundation `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    /// RFC 3339 in UTC: `2022-06-20T10:15:00Z`.
    ///
    /// Years outside 0000...9999 (possible only through ``init(secondsSince1970:utcOffsetMinutes:)``
    /// or a far zone offset) are written with as many digits as they need, negative ones with `-`.
    public var rfc3339UTC: String {
        let (days, secondOfDay) = CivilCalendar.floorDivide(secondsSince1970, by: 86_400)
        let civil = CivilCalendar.civilFromDays(days)
        var text = ""
        text.reserveCapacity(20)
        if civil.year < 0 { text.append("-") }
        Self.append(civil.year.magnitude, width: 4, to: &text)
        text.append("-")
        Self.append(UInt64(civil.month), width: 2, to: &text)
        text.append("-")
        Self.append(UInt64(civil.day), width: 2, to: &text)
        text.append("T")
        Self.append(UInt64(secondOfDay / 3600), width: 2, to: &text)
        text.append(":")
        Self.append(UInt64(secondOfDay / 60 % 60), width: 2, to: &text)
        text.append(":")
        Self.append(UInt64(secondOfDay % 60), width: 2, to: &text)
        text.append("Z")
        return text
    }

    private static func append(_ value: UInt64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.utf8.count < width { text.append(String(repeating: "0", count: width - digits.utf8.count)) }
        text.append(digits)
    }
}
