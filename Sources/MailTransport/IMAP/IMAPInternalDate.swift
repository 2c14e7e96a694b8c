public import Foundation

/// IMAP INTERNALDATE, `"27-Nov-2026 06:00:53 +0000"` (RFC 3501 §9 `date-time`):
/// when the server received the message, which is what offer deadlines are judged by.
public struct IMAPInternalDate: Sendable, Hashable, CustomStringConvertible {
    /// The instant, in UTC.
    public let date: Date
    /// The text as the server sent it (keeps the server's zone offset).
    public let text: String

    public var description: String { text }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the unquoted text; nil when it is not a valid `date-time`.
    public init?(_ text: String) {
        // dd-Mon-yyyy hh:mm:ss +zzzz ; day may be space-padded (" 7-Nov-2026").
        let trimmed = text.drop { $0 == " " }
        let halves = trimmed.split(separator: " ")
        guard halves.count == 3 else { return nil }
        let dateParts = halves[0].split(separator: "-")
        let timeParts = halves[1].split(separator: ":")
        let zone = halves[2]
        guard dateParts.count == 3, timeParts.count == 3, zone.count == 5,
              let day = Int(dateParts[0]), (1...31).contains(day),
              let monthIndex = Self.months.firstIndex(of: dateParts[1].lowercased()),
              dateParts[2].count == 4, let year = Int(dateParts[2]),
              let hour = Int(timeParts[0]), (0...23).contains(hour),
              let minute = Int(timeParts[1]), (0...59).contains(minute),
              let second = Int(timeParts[2]), (0...60).contains(second),
              let sign = zone.first, sign == "+" || sign == "-",
              let zoneValue = Int(zone.dropFirst()), zoneValue >= 0
        else { return nil }
        let offsetMinutes = (zoneValue / 100) * 60 + zoneValue % 100
        let days = Self.daysFromCivil(year: year, month: monthIndex + 1, day: day)
        var seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        seconds -= (sign == "+" ? 1 : -1) * offsetMinutes * 60
        self.date = Date(timeIntervalSince1970: TimeInterval(seconds))
        self.text = text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
