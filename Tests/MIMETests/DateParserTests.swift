import Foundation
import MIME
import Testing

/// One Date value and the instant it must give.
///
/// `utc` and `offset` were checked against Python 3.11
/// (`email.utils.parsedate_to_datetime(raw).astimezone(timezone.utc)` and `parsedate_tz(raw)[9]`)
/// or, where Python cannot parse the form or deliberately differs, computed by hand; `note` says which.
struct DateCase: Sendable, CustomTestStringConvertible {
    let raw: String
    /// RFC 3339 UTC, or nil when the value is hopeless.
    let utc: String?
    /// Minutes east of UTC as written.
    let offset: Int
    /// Whether ``Defect/invalidDate`` must be recorded.
    let repaired: Bool
    let note: String

    init(_ raw: String, _ utc: String?, offset: Int = 0, repaired: Bool = false, note: String = "") {
        self.raw = raw
        self.utc = utc
        self.offset = offset
        self.repaired = repaired
        self.note = note
    }

    var testDescription: String { raw }
}

@Suite("RFC 5322 dates")
struct DateParserTests {
    /// RFC 5322 Appendix A, verbatim.
    static let rfcExamples: [DateCase] = [
        DateCase("Fri, 21 Nov 1997 09:55:06 -0600", "1997-11-21T15:55:06Z", offset: -360),  // A.1.1
        DateCase("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T08:52:37Z", offset: 120),  // A.1.2, A.6.1
        DateCase("Thu, 13 Feb 1969 23:32:54 -0330", "1969-02-14T03:02:54Z", offset: -210),  // A.1.3
        DateCase("Fri, 21 Nov 1997 10:01:10 -0600", "1997-11-21T16:01:10Z", offset: -360),  // A.2
        DateCase("Mon, 24 Nov 1997 14:22:01 -0800", "1997-11-24T22:22:01Z", offset: -480),  // A.3
        DateCase("21 Nov 1997 10:05:43 -0600", "1997-11-21T16:05:43Z", offset: -360),  // A.4 (Received)
        // A.5
        DateCase("Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n               -0330 (Newfoundland Time)",
                 "1969-02-14T03:02:00Z", offset: -210),
        DateCase("21 Nov 97 09:55:06 GMT", "1997-11-21T09:55:06Z"),  // A.6.2
        DateCase("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", "1997-11-21T15:55:06Z", offset: -360,
                 note: "A.6.3; Python's parsedate fails on the comment"),
    ]

    @Test("RFC 5322 Appendix A dates give the instant the RFC means, without defects", arguments: rfcExamples)
    func rfcAppendixExample(_ example: DateCase) {
        check(example)
    }

    static let obsoleteAndWildForms: [DateCase] = [
        DateCase("Mon, 20 Jun 2022 10:15:00 +0100 (CET)", "2022-06-20T09:15:00Z", offset: 60),
        DateCase("Mon, 20 Jun 2022 10:15 +0100", "2022-06-20T09:15:00Z", offset: 60),
        DateCase("20 Jun 2022 10:15:00 +0100", "2022-06-20T09:15:00Z", offset: 60),
        DateCase("Sun, 20 Jun 2022 10:15:00 +0100", "2022-06-20T09:15:00Z", offset: 60, repaired: true,
                 note: "wrong weekday ignored (2022-06-20 was a Monday)"),
        DateCase("Mon, 20 Jun 2022 9:05:00 +0000", "2022-06-20T09:05:00Z"),
        DateCase("Mon, 20 Jun 2022 10:15:00 -0000", "2022-06-20T10:15:00Z"),
        DateCase("Mon, 20 Jun 2022 23:59:60 +0000", "2022-06-21T00:00:00Z",
                 note: "leap second allowed by RFC 5322; Python refuses it"),
        // Years
        DateCase("Mon, 20 Jun 22 10:15:00 +0100", "2022-06-20T09:15:00Z", offset: 60),
        DateCase("Sun, 20 Jun 49 10:15:00 +0000", "2049-06-20T10:15:00Z"),
        DateCase("Tue, 20 Jun 50 10:15:00 +0000", "1950-06-20T10:15:00Z",
                 note: "Python gives 2050 (POSIX's 69 pivot); RFC 5322 4.3 says 50-99 are 19xx"),
        DateCase("Mon, 20 Jun 122 10:15:00 +0000", "2022-06-20T10:15:00Z",
                 note: "RFC 5322 4.3: three digits + 1900; Python keeps the year 122"),
        DateCase("1 Jan 05 00:00:00 +0000", "2005-01-01T00:00:00Z"),
        // Zones
        DateCase("Mon, 20 Jun 2022 10:15:00 EDT", "2022-06-20T14:15:00Z", offset: -240),
        DateCase("Mon, 20 Jun 2022 10:15:00 EST", "2022-06-20T15:15:00Z", offset: -300),
        DateCase("Mon, 20 Jun 2022 10:15:00 CDT", "2022-06-20T15:15:00Z", offset: -300),
        DateCase("Mon, 20 Jun 2022 10:15:00 CST", "2022-06-20T16:15:00Z", offset: -360),
        DateCase("Mon, 20 Jun 2022 10:15:00 MDT", "2022-06-20T16:15:00Z", offset: -360),
        DateCase("Mon, 20 Jun 2022 10:15:00 MST", "2022-06-20T17:15:00Z", offset: -420),
        DateCase("Mon, 20 Jun 2022 10:15:00 PDT", "2022-06-20T17:15:00Z", offset: -420),
        DateCase("Mon, 20 Jun 2022 10:15:00 PST", "2022-06-20T18:15:00Z", offset: -480),
        DateCase("Mon, 20 Jun 2022 10:15:00 UT", "2022-06-20T10:15:00Z"),
        DateCase("Mon, 20 Jun 2022 10:15:00 utc", "2022-06-20T10:15:00Z"),
        DateCase("Mon, 20 Jun 2022 10:15:00 Z", "2022-06-20T10:15:00Z"),
        DateCase("Mon, 20 Jun 2022 10:15:00 A", "2022-06-20T10:15:00Z", note: "military zone: -0000 by RFC 5322 4.3"),
        DateCase("Mon, 20 Jun 2022 10:15:00 CEST", "2022-06-20T08:15:00Z", offset: 120,
                 note: "Python does not know CEST and reads UTC"),
        DateCase("Mon, 20 Jun 2022 10:15:00 CET", "2022-06-20T09:15:00Z", offset: 60),
        DateCase("Mon, 20 Jun 2022 10:15:00 BST", "2022-06-20T09:15:00Z", offset: 60),
        DateCase("Mon, 20 Jun 2022 10:15:00 IST", "2022-06-20T04:45:00Z", offset: 330,
                 note: "India; Python does not know IST and reads UTC"),
        DateCase("Mon, 20 Jun 2022 10:15:00 GMT+0200", "2022-06-20T08:15:00Z", offset: 120,
                 note: "Python ignores the offset after GMT"),
        DateCase("Mon, 20 Jun 2022 10:15:00 +0100 +0200", "2022-06-20T09:15:00Z", offset: 60, repaired: true),
        DateCase("Mon, 20 Jun 2022 10:15:00", "2022-06-20T10:15:00Z", repaired: true, note: "no zone: UTC"),
        DateCase("Mon, 20 Jun 2022 10:15:00 +2500", "2022-06-20T10:15:00Z", repaired: true,
                 note: "zone out of range: dropped for UTC; Python raises"),
        DateCase("Mon, 20 Jun 2022 10:15:00 +0160", "2022-06-20T10:15:00Z", repaired: true),
        DateCase("Mon, 20 Jun 2022 10:15:00 +01", "2022-06-20T09:15:00Z", offset: 60, repaired: true,
                 note: "two digits are hours (as ISO 8601); Python reads +0001"),
        DateCase("Mon, 20 Jun 2022 10:15:00 +01:00", "2022-06-20T09:15:00Z", offset: 60, repaired: true),
        DateCase("Sat, 01 Jan 2000 00:00:00 +1400", "1999-12-31T10:00:00Z", offset: 840),
        // Names
        DateCase("Mon, 20 June 2022 10:15:00 +0000", "2022-06-20T10:15:00Z", repaired: true),
        DateCase("Mon, 20 JUN 2022 10:15:00 +0000", "2022-06-20T10:15:00Z"),
        DateCase("monday, 20 jun 2022 10:15:00 +0000", "2022-06-20T10:15:00Z", repaired: true),
        DateCase("Tue, 20 Sept 2022 10:15:00 +0000", "2022-09-20T10:15:00Z", repaired: true),
        DateCase("20-Jun-2022 10:15:00 +0100", "2022-06-20T09:15:00Z", offset: 60, repaired: true),
        // Other layouts (none is RFC 5322; all recorded as repaired)
        DateCase("Mon Jun 20 10:15:00 2022", "2022-06-20T10:15:00Z", repaired: true, note: "asctime"),
        DateCase("Mon Jun  6 10:15:00 2022", "2022-06-06T10:15:00Z", repaired: true, note: "asctime, padded day"),
        DateCase("Mon Jun 20 2022 10:15:00 GMT+0200 (Central European Summer Time)", "2022-06-20T08:15:00Z",
                 offset: 120, repaired: true, note: "JavaScript Date.toString; by hand"),
        DateCase("Monday, June 20, 2022 10:15 PM", "2022-06-20T22:15:00Z", repaired: true, note: "by hand"),
        DateCase("Monday, June 20, 2022 12:15 AM +0000", "2022-06-20T00:15:00Z", repaired: true, note: "by hand"),
        DateCase("2022-06-20T10:15:00+01:00", "2022-06-20T09:15:00Z", offset: 60, repaired: true,
                 note: "ISO 8601; Python's parsedate cannot, datetime.fromisoformat agrees"),
        DateCase("2022-06-20T10:15:00.123Z", "2022-06-20T10:15:00Z", repaired: true, note: "ISO 8601 with fraction"),
        DateCase("2022-06-20 10:15:00 -0600", "2022-06-20T16:15:00Z", offset: -360, repaired: true),
        DateCase("20.06.2022 10:15", "2022-06-20T10:15:00Z", repaired: true, note: "day first with dots; by hand"),
        DateCase("06/20/2022 10:15:00 +0000", "2022-06-20T10:15:00Z", repaired: true, note: "US order with slashes"),
        DateCase("20/06/2022 10:15:00 +0000", "2022-06-20T10:15:00Z", repaired: true, note: "day first when > 12"),
        DateCase("Mon, 20 Jun 2022", "2022-06-20T00:00:00Z", repaired: true, note: "no time: midnight"),
        // Junk
        DateCase("Mon, 20 Jun 2022 10:15:00 +0100 trailing junk", "2022-06-20T09:15:00Z", offset: 60, repaired: true),
        DateCase("Tue, 7 Apr 2026 10:00:t <rimap-test@example.test>", "2026-04-07T10:00:00Z", repaired: true,
                 note: "mail-parser corpus: 10:00:00 +0000"),
        DateCase("Date: Fri, 19 May 2000 01:06:18 -0400", "2000-05-19T05:06:18Z", offset: -240, repaired: true),
        // Calendar edges
        DateCase("Thu, 29 Feb 2024 12:00:00 +0000", "2024-02-29T12:00:00Z"),
        DateCase("Tue, 29 Feb 2000 12:00:00 +0000", "2000-02-29T12:00:00Z"),
        DateCase("Wed, 31 Dec 1969 23:59:59 +0000", "1969-12-31T23:59:59Z"),
        DateCase("Mon, 1 Jan 1900 00:00:00 +0000", "1900-01-01T00:00:00Z"),
        DateCase("Fri, 31 Dec 9999 23:59:59 +0000", "9999-12-31T23:59:59Z"),
        DateCase("Thu, 1 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z"),
    ]

    @Test("Obsolete and wild dates are read as documented", arguments: obsoleteAndWildForms)
    func wildForm(_ example: DateCase) {
        check(example)
    }

    static let hopeless: [DateCase] = [
        DateCase("Whenever", nil, repaired: true),
        DateCase("31 Feb 2022 10:00 +0000", nil, repaired: true, note: "Python: day is out of range"),
        DateCase("Fri, 29 Feb 2023 12:00:00 +0000", nil, repaired: true),
        DateCase("Tue, 29 Feb 1900 12:00:00 +0000", nil, repaired: true, note: "1900 was not a leap year"),
        DateCase("Mon, 20 Jun 2022 25:00:00 +0000", nil, repaired: true),
        DateCase("Mon, 20 Jun 2022 10:61:00 +0000", nil, repaired: true),
        DateCase("Mon, 0 Jun 2022 10:00:00 +0000", nil, repaired: true),
        DateCase("Jun 2022 10:00:00 +0000", nil, repaired: true, note: "no day"),
        DateCase("Mon, 20 2022 10:00:00 +0000", nil, repaired: true, note: "no month"),
        DateCase("Mon, 20 Jun 10:00:00 +0000", nil, repaired: true, note: "no year"),
        DateCase("20 Jun 12345 10:00:00 +0000", nil, repaired: true, note: "year past 9999"),
        DateCase("2022-13-01T00:00:00Z", nil, repaired: true),
    ]

    @Test("Hopeless dates give nil and a defect", arguments: hopeless)
    func hopelessDate(_ example: DateCase) {
        check(example)
    }

    @Test("A blank value gives nil without a defect", arguments: ["", "   ", "(no date)"])
    func blankValue(_ raw: String) {
        var defects = DefectSet()
        #expect(DateParser.parse(Array(raw.utf8), defects: &defects) == nil)
        #expect(defects.isEmpty)
    }

    @Test("The defect-less overload agrees with the recording one")
    func overloadsAgree() {
        var defects = DefectSet()
        let raw = Array("Mon, 20 Jun 2022 10:15:00 +0100".utf8)
        #expect(DateParser.parse(raw) == DateParser.parse(raw, defects: &defects))
        #expect(DateParser.parse(raw)?.secondsSince1970 == 1_655_716_500)
    }

    private func check(_ example: DateCase, sourceLocation: SourceLocation = #_sourceLocation) {
        var defects = DefectSet()
        let date = DateParser.parse(Array(example.raw.utf8), defects: &defects)
        #expect(date?.rfc3339UTC == example.utc, "\(example.note)", sourceLocation: sourceLocation)
        if example.utc != nil {
            #expect(date?.utcOffsetMinutes == example.offset, sourceLocation: sourceLocation)
        }
        #expect(defects.contains(.invalidDate) == example.repaired, sourceLocation: sourceLocation)
    }
}

@Suite("MessageDate")
struct MessageDateTests {
    static let instants: [(seconds: Int64, rfc3339: String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (1_655_720_100, "2022-06-20T10:15:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (-2_208_988_800, "1900-01-01T00:00:00Z"),
        (-62_167_219_200, "0000-01-01T00:00:00Z"),
        (-62_167_219_201, "-0001-12-31T23:59:59Z"),
        (253_402_300_800, "10000-01-01T00:00:00Z"),
    ]

    @Test("rfc3339UTC prints the instant in UTC (cross-checked with Python datetime)", arguments: instants)
    func rfc3339(_ instant: (seconds: Int64, rfc3339: String)) {
        #expect(MessageDate(secondsSince1970: instant.seconds, utcOffsetMinutes: 60).rfc3339UTC == instant.rfc3339)
    }

    @Test("Extreme instants print without trapping", arguments: [Int64.min, Int64.max, Int64.min + 1])
    func extremeInstant(_ seconds: Int64) {
        #expect(!MessageDate(secondsSince1970: seconds, utcOffsetMinutes: 0).rfc3339UTC.isEmpty)
    }

    @Test("date is the same instant as a Foundation Date")
    func foundationDate() {
        let date = MessageDate(secondsSince1970: 1_655_720_100, utcOffsetMinutes: 60)
        #expect(date.date.timeIntervalSince1970 == 1_655_720_100)
    }

    @Test("Dates order by instant, not by the zone they were written in")
    func ordering() throws {
        let paris = try #require(DateParser.parse(Array("Mon, 20 Jun 2022 12:00:00 +0200".utf8)))
        let newYork = try #require(DateParser.parse(Array("Mon, 20 Jun 2022 06:00:01 -0400".utf8)))
        #expect(paris < newYork)
    }
}

@Suite("Dates under hostile input")
struct DateParserHostileInputTests {
    @Test("A megabyte date value completes and still finds the date at its start")
    func megabyteValue() {
        var raw = Array("Mon, 20 Jun 2022 10:15:00 +0100 ".utf8)
        while raw.count < 1 << 20 { raw.append(contentsOf: "junk 12 : - + ".utf8) }
        var defects = DefectSet()
        let date = DateParser.parse(raw, defects: &defects)
        #expect(date?.rfc3339UTC == "2022-06-20T09:15:00Z")
        #expect(defects.contains(.invalidDate))
    }

    @Test("A megabyte of digits is hopeless, not a trap")
    func megabyteNumber() {
        let raw = [UInt8](repeating: UInt8(ascii: "9"), count: 1 << 20)
        #expect(DateParser.parse(raw) == nil)
    }

    @Test("100,000 nested parentheses are one comment")
    func deeplyNestedComment() {
        let raw = Array("Mon, 20 Jun 2022 10:15:00 +0100 ".utf8) + [UInt8](repeating: UInt8(ascii: "("), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: ")"), count: 100_000)
        #expect(DateParser.parse(raw)?.rfc3339UTC == "2022-06-20T09:15:00Z")
    }

    @Test("An unclosed comment hides the rest of the value")
    func unclosedComment() {
        let raw = Array("(".utf8) + Array("Mon, 20 Jun 2022 10:15:00 +0100".utf8)
        #expect(DateParser.parse(raw) == nil)
    }
}
