import OfferboxService
@testable import OfferboxWeb
import Testing

/// The pure parts of the page: who sees what, the throttle, names in headers, escaping, the chart.
@Suite struct WebPureTests {
    @Test func theSealHidesContentsFromTheCommitteeAndTheAuditorUntilTheDeadline() {
        let sealedCommittee = Visibility(role: .committee, sealed: true)
        #expect(!sealedCommittee.documents && !sealedCommittee.downloads && !sealedCommittee.financials && !sealedCommittee.replyText)
        #expect(!sealedCommittee.history && !sealedCommittee.registerExport && !sealedCommittee.corrections)
        let openCommittee = Visibility(role: .committee, sealed: false)
        #expect(openCommittee.documents && openCommittee.downloads && openCommittee.history && !openCommittee.corrections)
        let sealedAuditor = Visibility(role: .auditor, sealed: true)
        #expect(sealedAuditor.history && !sealedAuditor.documents && !sealedAuditor.downloads)
        let secretariat = Visibility(role: .secretariat, sealed: true)
        #expect(secretariat.documents && secretariat.downloads && secretariat.corrections && secretariat.reviewQueue)
    }

    @Test func theThrottleCountsFailuresPerKeyInASlidingWindow() {
        var throttle = LoginThrottle(limit: 3, window: 100)
        #expect(throttle.wait(for: ["a"], now: 0) == 0)
        throttle.failed(["a", "ip"], now: 0)
        throttle.failed(["a", "ip"], now: 10)
        #expect(throttle.wait(for: ["a"], now: 20) == 0)
        throttle.failed(["b", "ip"], now: 20)
        #expect(throttle.wait(for: ["b"], now: 21) == 0)
        #expect(throttle.wait(for: ["b", "ip"], now: 21) == 79, "the address failed three times: open when the first leaves")
        #expect(throttle.wait(for: ["b", "ip"], now: 101) == 0)
        throttle.succeeded(["a"])
        #expect(throttle.wait(for: ["a"], now: 102) == 0)
    }

    /// A flood of made-up names fills the throttle's memory; the name under attack stays locked.
    @Test func aFloodOfMadeUpNamesDoesNotReopenALockedName() {
        var throttle = LoginThrottle(limit: 5, window: 900)
        for second in 0..<5 { throttle.failed(["secretariat"], now: Int64(second)) }
        #expect(throttle.wait(for: ["secretariat"], now: 10) > 0)
        for index in 0..<20_001 { throttle.failed(["guess\(index)"], now: 20) }
        #expect(throttle.wait(for: ["secretariat"], now: 30) > 0, "still locked after 20,001 other names")
        #expect(throttle.wait(for: ["guess20000"], now: 30) == 0)
    }

    @Test func aFileNameInAHeaderIsAsciiWithTheRealNameEncoded() {
        #expect(DownloadHeaders.contentDisposition("CV Awa.pdf") == "attachment; filename=\"CV Awa.pdf\"; filename*=UTF-8''CV%20Awa.pdf")
        let hostile = DownloadHeaders.contentDisposition("a\"b\r\nSet-Cookie: x=1;\u{202E}fdp.exe/..\\é.pdf")
        #expect(!hostile.contains("\r") && !hostile.contains("\n") && !hostile.contains("\u{202E}"))
        #expect(hostile.hasPrefix("attachment; filename=\"a_bSet-Cookie_ x=1;fdp.exe.._.pdf\"; filename*=UTF-8''"))
        #expect(hostile.hasSuffix("%C3%A9.pdf"))
        #expect(DownloadHeaders.contentDisposition("\u{202E}") == "attachment; filename=\"document\"; filename*=UTF-8''document")
    }

    @Test func pageTextEscapesByScalarAndShowsBidiControls() {
        #expect(PageText.escaped("<a href=\"x\">'&`") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#96;")
        #expect(PageText.escaped("\"\u{301}") == "&quot;\u{301}", "a quote with a combining mark is one Character, still escaped")
        #expect(PageText.escaped("CV\u{202E}fdp.exe") == "CV\u{FFFD}fdp.exe")
        #expect(PageText.queryValue("a b&c=é") == "a%20b%26c%3D%C3%A9")
    }

    @Test func arrivalsAreCountedPerLocalDayUpToTheDeadline() {
        let deadline: Int64 = 1_656_370_800  // 2022-06-28 00:00 CET
        let day: Int64 = 86_400
        let days = ArrivalsChart.days(firstReceived: [deadline - 3 * day + 10, deadline - 3 * day + 20, deadline - day + 5, deadline + 50],
                                      deadline: deadline, offsetMinutes: 60)
        #expect(days.map(\.count) == [2, 0, 1], "the late one is not an arrival before the deadline; an empty day is drawn at 0")
        #expect(days.last?.day == (deadline + 3600 - 1) / day, "the last day is the deadline's local day")
        let svg = ArrivalsChart.svg(days) { "d\($0)" }
        #expect(svg.hasPrefix("<svg") && svg.contains("role=\"img\"") && !svg.contains("style="))
        #expect(ArrivalsChart.days(firstReceived: [], deadline: deadline, offsetMinutes: 60).isEmpty)
    }
}
