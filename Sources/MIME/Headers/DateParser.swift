/// RFC 5322 dates (section 3.3), the obsolete forms of section 4.3, and the broken forms seen in the wild.
///
/// The value is read as loose tokens, not against the grammar, so that one parser covers:
/// - `Mon, 20 Jun 2022 10:15:00 +0100 (CET)`, with or without weekday, seconds, zone, comments;
/// - two-digit years (below 50: 20xx, else 19xx) and three-digit years (+1900), RFC 5322 4.3;
/// - named zones (see ``DateNames/zoneOffset(_:)``), military letters (read as UTC, RFC 5322 4.3),
///   `GMT+0100`, `+01:00`, `+01`;
/// - asctime `Mon Jun 20 10:15:00 2022`, JavaScript `Mon Jun 20 2022 10:15:00 GMT+0200 (CEST)`,
///   ISO 8601 `2022-06-20T10:15:00.5+01:00`, numeric `20.06.2022 10:15` (day first with `.` and
///   `-`; with `/` month first unless the first number exceeds 12), 12-hour clocks (`10:15 PM`),
///   month names in any case, in full or cut to three or more letters.
///
/// Choices, each recorded as ``Defect/invalidDate`` (the date is still returned):
/// - no zone: UTC is assumed; a zone beyond ±18:00 or with minutes over 59 (`+2500`) is dropped
///   for UTC, the nonsense being the zone and not necessarily the time;
/// - a weekday that does not match the date is ignored; words and numbers that fit nowhere
///   (trailing junk) are ignored;
/// - no time of day: midnight.
///
/// Nil (and the defect) when hopeless: no day, month or year found, a day the month does not
/// have (31 Feb), a time out of range (25:00, 10:61), a year past 9999.
public enum DateParser {
    /// Parses a Date header value; nil when hopeless.
    public static func parse(_ raw: some Collection<UInt8>) -> MessageDate? {
        var ignored = DefectSet()
        return parse(raw, defects: &ignored)
    }

    /// Parses a Date header value, recording ``Defect/invalidDate`` for anything repaired or
    /// when nil is returned for a value that is not blank.
    public static func parse(_ raw: some Collection<UInt8>, defects: inout DefectSet) -> MessageDate? {
        let outcome = raw.withContiguousStorageIfAvailable { parse(buffer: $0) }
            ?? Array(raw).withUnsafeBufferPointer { parse(buffer: $0) }
        if outcome.repaired { defects.insert(.invalidDate) }
        return outcome.date
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> (date: MessageDate?, repaired: Bool) {
        let (tokens, truncated) = DateToken.tokenize(buffer)
        if tokens.isEmpty { return (nil, false) }
        var reader = DateFieldReader(tokens: tokens)
        reader.read()
        if truncated { reader.repaired = true }
        guard let date = reader.resolve() else { return (nil, true) }
        return (date, reader.repaired)
    }
}
