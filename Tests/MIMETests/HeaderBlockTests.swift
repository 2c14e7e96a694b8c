import MIME
import Testing

@Suite struct HeaderBlockTests {
    @Test(arguments: ["\r\n", "\n"])
    func foldedFieldsAreUnfoldedKeepingTheWhiteSpace(ending: String) {
        let message = TestMessage.parse([
            "Subject: an offer",
            "   for the call",
            "\tof ASToN",
            "From: a@example.org",
            "",
            "body",
        ], ending: ending)
        #expect(message.envelope.subject == "an offer   for the call\tof ASToN")
        #expect(message.headers.count == 2)
        #expect(message.defects.isEmpty)
    }

    @Test func lfAndCrlfCopiesGiveTheSameHeadersAndText() {
        let lines = ["From: Awa <awa@example.org>", "To: s@example.org", "Subject: Offer", "", "Dear Secretariat,", "regards"]
        let lf = TestMessage.parse(lines, ending: "\n")
        let crlf = TestMessage.parse(lines, ending: "\r\n")
        #expect(lf.headers.map(\.name) == crlf.headers.map(\.name))
        #expect(lf.headers.map(\.value) == crlf.headers.map(\.value))
        #expect(lf.envelope == crlf.envelope)
        #expect(lf.text == crlf.text)
        #expect(lf.text == "Dear Secretariat,\nregards")
    }

    @Test func bareCarriageReturnsEndLinesAndAreRecorded() {
        let message = MessageParser().parse(Array("Subject: old mac\rFrom: a@example.org\r\rbody".utf8))
        #expect(message.envelope.subject == "old mac")
        #expect(message.headers.count == 2)
        #expect(message.defects.contains(.bareCarriageReturn))
        #expect(TestMessage.decodedText(message.root) == "body")
    }

    @Test func repeatedFieldsAreAllKeptInOrder() {
        let message = TestMessage.parse(["Received: one", "Received: two", "Received: three", "", ""])
        #expect(message.headers.all("received").map(\.valueText) == ["one", "two", "three"])
    }

    @Test func obsoleteWhiteSpaceBeforeTheColonIsAccepted() {
        let message = TestMessage.parse(["Subject : spaced", "", ""])
        #expect(message.envelope.subject == "spaced")
        #expect(message.headers.first("subject")?.name == "Subject")
    }

    @Test func aStrayLineBetweenFieldsIsKeptWithThePreviousField() {
        let message = TestMessage.parse(["Subject: broken", "fold without space", "From: a@example.org", "", "body"])
        #expect(message.envelope.subject == "broken fold without space")
        #expect(message.envelope.from.first?.address == "a@example.org")
        #expect(message.defects.contains(.headerWithoutColon))
        #expect(TestMessage.decodedText(message.root) == "body")
    }

    @Test func aBodyWithoutTheBlankLineStartsAtTheFirstNonHeaderLine() {
        let message = TestMessage.parse(["Subject: no separator", "This is the body.", "Second line."])
        #expect(message.envelope.subject == "no separator")
        #expect(message.defects.contains(.missingHeaderBodySeparator))
        #expect(TestMessage.decodedText(message.root) == "This is the body.\r\nSecond line.")
    }

    @Test func anMboxFromLineIsNotAHeader() {
        let message = TestMessage.parse(["From awa@example.org Mon Jun 20 10:15:00 2022", "Subject: mbox", "", "x"])
        #expect(message.headers.count == 1)
        #expect(message.envelope.subject == "mbox")
    }

    @Test func rawUTF8InAFieldIsReadAsUTF8() {
        let message = TestMessage.parse(["Subject: Offre financière – Dakar", "", ""])
        #expect(message.envelope.subject == "Offre financière – Dakar")
    }

    @Test func aMessageWithoutBodyOrBlankLineIsParsed() {
        let message = MessageParser().parse(Array("Subject: only headers".utf8))
        #expect(message.envelope.subject == "only headers")
        #expect(message.root.rawBody.isEmpty)
    }

    @Test func emptyInputGivesAnEmptyMessage() {
        let message = MessageParser().parse([])
        #expect(message.headers.isEmpty)
        #expect(message.leaves.count == 1)
        #expect(message.text == "")
    }

    @Test func theHeaderCountLimitDropsLaterFieldsAndIsRecorded() {
        var limits = ParserLimits()
        limits.maxHeaderCount = 3
        let message = TestMessage.parse(["A: 1", "B: 2", "C: 3", "D: 4", "Subject: late", "", "body"], limits: limits)
        #expect(message.headers.count == 3)
        #expect(message.envelope.subject == nil)
        #expect(message.defects.contains(.headerCountLimit))
        #expect(TestMessage.decodedText(message.root) == "body")
    }

    @Test func theHeaderLengthLimitCutsALongValueAndIsRecorded() {
        var limits = ParserLimits()
        limits.maxHeaderLength = 10
        let message = TestMessage.parse(["Subject: 0123456789abcdef", "   more", "", ""], limits: limits)
        #expect(message.headers.first("subject")?.value.count == 10)
        #expect(message.defects.contains(.headerLengthLimit))
    }

    @Test func oneHundredThousandFieldsParseInOnePass() {
        var lines = (0..<100_000).map { "X-Field-\($0): value \($0)" }
        lines += ["Subject: after many", "", "body"]
        let message = TestMessage.parse(lines)
        #expect(message.headers.count == 10_000)
        #expect(message.defects.contains(.headerCountLimit))
    }

    @Test func aTenMegabyteHeaderLineIsCutNotFatal() {
        let long = String(repeating: "a", count: 10 << 20)
        let message = TestMessage.parse(["Subject: " + long, "From: a@example.org", "", "body"])
        #expect(message.headers.first("subject")?.value.count == ParserLimits.default.maxHeaderLength)
        #expect(message.envelope.from.first?.address == "a@example.org")
        #expect(TestMessage.decodedText(message.root) == "body")
    }
}
