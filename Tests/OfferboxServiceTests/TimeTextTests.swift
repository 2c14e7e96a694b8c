import MIME
import OfferboxService
import Testing

/// The register writes its instants with the parser's RFC 3339 formatter: one form everywhere.
@Suite struct TimeTextTests {
    @Test("rfc3339 is MessageDate's rfc3339UTC, four-digit years included", arguments: [
        (Int64(1_655_720_102), "2022-06-20T10:15:02Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        // RFC 3339 section 5.6: date-fullyear = 4DIGIT.
        (-30_610_224_001, "0999-12-31T23:59:59Z"),
    ])
    func rfc3339(_ instant: (seconds: Int64, text: String)) {
        #expect(TimeText.rfc3339(instant.seconds) == instant.text)
        #expect(TimeText.rfc3339(instant.seconds) == MessageDate(secondsSince1970: instant.seconds, utcOffsetMinutes: 0).rfc3339UTC)
    }
}
