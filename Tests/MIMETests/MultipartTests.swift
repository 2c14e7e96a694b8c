import MIME
import Testing

@Suite struct MultipartTests {
    static let offer = [
        "From: Awa Diallo <awa@example.org>",
        "Subject: Offer",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"outer\"",
        "",
        "This is the preamble.",
        "--outer",
        "Content-Type: multipart/alternative; boundary=\"outer-alt\"",
        "",
        "--outer-alt",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Dear Secretariat,",
        "--outer-alt",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Dear Secretariat,</p>",
        "--outer-alt--",
        "--outer",
        "Content-Type: application/pdf; name=\"CV.pdf\"",
        "Content-Disposition: attachment; filename=\"CV.pdf\"",
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0xLjQK",
        "--outer--",
        "This is the epilogue.",
    ]

    @Test(arguments: ["\r\n", "\n"])
    func nestedMultipartsAreNumberedAsIMAPSections(ending: String) {
        let message = TestMessage.parse(Self.offer, ending: ending)
        #expect(message.leaves.map(\.path) == ["1.1", "1.2", "2"])
        #expect(message.leaves.map(\.contentType.mimeType) == ["text/plain", "text/html", "application/pdf"])
        #expect(message.leaves[2].filename == "CV.pdf")
        #expect(TestMessage.decodedText(message.leaves[2]) == "%PDF-1.4\n")
        #expect(TestMessage.decodedText(message.leaves[0]) == "Dear Secretariat,")
        #expect(message.text == "Dear Secretariat,")
        #expect(message.defects.isEmpty)
    }

    @Test func boundaryLinesWithTrailingWhiteSpaceAreDelimiters() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=b", "", "--b  \t", "", "one", "--b ", "", "two", "--b-- ", "",
        ])
        #expect(message.leaves.map(TestMessage.decodedText) == ["one", "two"])
        #expect(message.defects.isEmpty)
    }

    @Test func aMissingFinalBoundaryKeepsEveryPartAndIsRecorded() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "", "one", "--b", "", "two, never closed",
        ])
        #expect(message.leaves.map(TestMessage.decodedText) == ["one", "two, never closed"])
        #expect(message.defects.contains(.missingFinalBoundary))
    }

    @Test func anInnerMultipartClosedByItsParentsBoundaryEndsThere() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=outer", "",
            "--outer", "Content-Type: multipart/alternative; boundary=inner", "",
            "--inner", "", "plain",
            "--outer", "Content-Type: application/pdf", "", "pdf",
            "--outer--",
        ])
        #expect(message.leaves.map(\.path) == ["1.1", "2"])
        #expect(message.leaves.map(TestMessage.decodedText) == ["plain", "pdf"])
        #expect(message.defects.contains(.missingFinalBoundary))
    }

    @Test func aBoundaryThatIsAPrefixOfAnotherIsNotConfusedWithIt() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary==_abc", "",
            "--=_abc", "Content-Type: multipart/alternative; boundary==_abc_1", "",
            "--=_abc_1", "", "alt one",
            "--=_abc_1", "", "alt two",
            "--=_abc_1--",
            "--=_abc", "", "second",
            "--=_abc--",
        ])
        #expect(message.leaves.map(TestMessage.decodedText) == ["alt one", "alt two", "second"])
        #expect(message.leaves.map(\.path) == ["1.1", "1.2", "2"])
        #expect(message.defects.isEmpty)
    }

    @Test func theInnermostBoundaryIsTriedFirst() {
        // "--x--" closes the outer "x" but is a plain delimiter of the inner "x--".
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=x", "",
            "--x", "Content-Type: multipart/mixed; boundary=\"x--\"", "",
            "--x--", "", "inner one",
            "--x----", "",
            "--x", "", "outer two",
            "--x--",
        ])
        #expect(message.leaves.map(TestMessage.decodedText) == ["inner one", "outer two"])
    }

    @Test func aPartWithoutContentTypeIsPlainText() {
        let message = TestMessage.parse(["Content-Type: multipart/mixed; boundary=b", "", "--b", "", "no headers", "--b--"])
        #expect(message.leaves.first?.contentType.mimeType == "text/plain")
        #expect(message.leaves.first?.contentTypeWasDefaulted == true)
    }

    @Test func aMultipartWithoutBoundaryParameterIsKeptAsOneLeaf() {
        let message = TestMessage.parse(["Content-Type: multipart/mixed", "", "--b", "", "text", "--b--"])
        #expect(message.leaves.count == 1)
        #expect(message.defects.contains(.missingBoundaryParameter))
        #expect(TestMessage.decodedText(message.leaves[0]) == "--b\r\n\r\ntext\r\n--b--")
    }

    @Test func aMultipartWhoseBoundaryNeverAppearsIsKeptAsText() {
        let message = TestMessage.parse(["Content-Type: multipart/mixed; boundary=zzz", "", "just text", "more"])
        #expect(message.leaves.count == 1)
        #expect(message.leaves[0].contentType.mimeType == "text/plain")
        #expect(message.text == "just text\nmore")
        #expect(message.defects.contains(.noBoundaryFound))
    }

    @Test func anAttachedMessageIsDescendedAndNumberedInside() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "", "cover note",
            "--b", "Content-Type: message/rfc822", "",
            "From: Awa <awa@example.org>", "Subject: the original offer",
            "Content-Type: multipart/mixed; boundary=inner", "",
            "--inner", "", "original text",
            "--inner", "Content-Type: application/pdf; name=cv.pdf", "", "pdf",
            "--inner--",
            "--b--",
        ])
        #expect(message.leaves.map(\.path) == ["1", "2.1", "2.2"])
        #expect(message.leaves.map(TestMessage.decodedText) == ["cover note", "original text", "pdf"])
        #expect(message.text == "cover note")
        guard case .multipart(let parts) = message.root.body, case .message(let inner) = parts[1].body else {
            Issue.record("expected an attached message")
            return
        }
        #expect(inner.envelope.subject == "the original offer")
        #expect(inner.envelope.from.first?.address == "awa@example.org")
    }

    @Test func aSinglePartAttachedMessageHasItsBodyAtSectionDotOne() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "", "note",
            "--b", "Content-Type: message/rfc822", "", "Subject: inner", "", "inner body",
            "--b--",
        ])
        #expect(message.leaves.map(\.path) == ["1", "2.1"])
    }

    @Test func aBase64AttachedMessageIsDecodedThenParsed() {
        // "Subject: x\r\n\r\nhello" in base64
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "",
            "U3ViamVjdDogeA0KDQpoZWxsbw==",
            "--b--",
        ])
        #expect(message.leaves.map(TestMessage.decodedText) == ["hello"])
    }

    @Test func multipartReportKeepsItsPartsIntact() {
        let message = TestMessage.parse([
            "Content-Type: multipart/report; report-type=delivery-status; boundary=r", "",
            "--r", "Content-Type: text/plain", "", "Delivery failed.",
            "--r", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.org", "",
            "Final-Recipient: rfc822; x@example.org",
            "--r", "Content-Type: text/rfc822-headers", "", "Subject: Offer",
            "--r--",
        ])
        #expect(message.leaves.map(\.contentType.mimeType) == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(TestMessage.decodedText(message.leaves[1]) == "Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; x@example.org")
        #expect(message.text == "Delivery failed.")
    }

    @Test func multipartSignedKeepsTheSignedBytesExactly() {
        let signed = ["Content-Type: text/plain", "", "signed text  ", ""]
        let message = TestMessage.parse([
            "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=s", "",
            "--s"] + signed + [
            "--s", "Content-Type: application/pkcs7-signature; name=smime.p7s", "Content-Transfer-Encoding: base64", "", "AAEC",
            "--s--",
        ])
        guard case .multipart(let parts) = message.root.body else {
            Issue.record("expected a multipart")
            return
        }
        // RFC 1847: the first part's bytes, headers included, are what the signature covers.
        let first = parts[0]
        #expect(first.rawBody == Array("signed text  \r\n".utf8)[...])
        #expect(TestMessage.decodedText(message.leaves[1]).utf8.elementsEqual([0, 1, 2]))
    }

    @Test func partsOfADigestDefaultToAttachedMessages() {
        let message = TestMessage.parse([
            "Content-Type: multipart/digest; boundary=d", "",
            "--d", "", "Subject: first", "", "one",
            "--d--",
        ])
        #expect(message.leaves.map(\.path) == ["1.1"])
        #expect(TestMessage.decodedText(message.leaves[0]) == "one")
    }

    @Test func nestingPastTheDepthLimitStopsDescendingAndIsRecorded() {
        var lines = ["Content-Type: multipart/mixed; boundary=b0", ""]
        for depth in 1..<10_000 {
            lines += ["--b\(depth - 1)", "Content-Type: multipart/mixed; boundary=b\(depth)", ""]
        }
        lines += ["--b9999", "", "deep text"]
        let message = TestMessage.parse(lines)
        #expect(message.defects.contains(.nestingDepthLimit))
        #expect(message.leaves.count == 1)
        #expect(message.leaves[0].path.split(separator: ".").count == ParserLimits.default.maxNestingDepth)
    }

    @Test func partsPastThePartCountLimitAreDroppedAndRecorded() {
        var limits = ParserLimits()
        limits.maxPartCount = 5
        var lines = ["Content-Type: multipart/mixed; boundary=b", ""]
        for index in 0..<20 { lines += ["--b", "", "part \(index)"] }
        lines.append("--b--")
        let message = TestMessage.parse(lines, limits: limits)
        #expect(message.leaves.count == 4)
        #expect(message.defects.contains(.partCountLimit))
    }

    @Test func theMessageSizeLimitTruncatesAndIsRecorded() {
        var limits = ParserLimits()
        limits.maxMessageSize = 30
        let message = TestMessage.parse(["Subject: big", "", String(repeating: "x", count: 100)], limits: limits)
        #expect(message.defects.contains(.messageSizeLimit))
        #expect(message.root.rawBody.count == 30 - "Subject: big\r\n\r\n".utf8.count)
    }

    @Test func anHTMLOnlyMessageGivesReadableText() {
        let message = TestMessage.parse(["Content-Type: text/html; charset=utf-8", "", "<p>Dear&nbsp;Secretariat,</p><p>Regards</p>"])
        #expect(message.text?.contains("Dear") == true)
        #expect(message.text?.contains("<p>") == false)
    }

    @Test func appleMailInlineTextAroundAnAttachmentIsJoined() {
        let message = TestMessage.parse([
            "Content-Type: multipart/mixed; boundary=a", "",
            "--a", "Content-Type: text/plain; charset=us-ascii", "", "Please find my CV",
            "--a", "Content-Type: application/pdf; name=CV.pdf", "Content-Disposition: inline; filename=CV.pdf", "", "pdf",
            "--a", "Content-Type: text/plain; charset=us-ascii", "", "Best regards",
            "--a--",
        ])
        #expect(message.text == "Please find my CV\nBest regards")
    }

    @Test func uuencodedFilesInAPlainBodyBecomeFilesAndLeaveTheText() {
        let message = TestMessage.parse([
            "Subject: old client", "", "Here is my CV.",
            "begin 644 cv.txt", "#0V%T", "`", "end", "Regards",
        ])
        let files = message.leaves.flatMap(\.uuencodedFiles)
        #expect(files.map(\.filename) == ["cv.txt"])
        #expect(files.first?.data == Array("Cat".utf8))
        #expect(message.text?.contains("begin 644") == false)
        #expect(message.text?.contains("Regards") == true)
    }

    @Test func tenThousandEmptyPartsParseLinearly() {
        var lines = ["Content-Type: multipart/mixed; boundary=b", ""]
        for _ in 0..<9_000 { lines += ["--b", ""] }
        lines.append("--b--")
        let message = TestMessage.parse(lines)
        #expect(message.leaves.count == 9_000)
    }
}
