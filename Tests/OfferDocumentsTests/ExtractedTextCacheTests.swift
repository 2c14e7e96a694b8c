import Foundation
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

/// Texts read once per content across messages (issue 11): a resubmission, or the same CV sent to
/// both Secretariat addresses, is not read again, and its decision still depends on its own mail.
@Suite struct ExtractedTextCacheTests {
    static func key(_ name: String) -> ReadingPlan.Key { ReadingPlan.Key(sha256: name, format: .pdf) }

    @Test func aReadingWithADefectIsNeverKept() {
        let cache = ExtractedTextCache(maxBytes: 1 << 20)
        cache.store(ExtractedText(text: nil, note: "ran past 8 s", defect: .extractorTimeout), for: Self.key("a"))
        cache.store(ExtractedText(text: "Curriculum vitae of a consultant", note: nil), for: Self.key("b"))
        #expect(cache.text(for: Self.key("a")) == nil, "a timeout depends on the moment: read again next time")
        #expect(cache.text(for: Self.key("b"))?.text == "Curriculum vitae of a consultant")
        #expect(cache.counts.hits == 1 && cache.counts.misses == 1)
    }

    @Test func theSameBytesInAnotherFormatAreAnotherReading() {
        let cache = ExtractedTextCache()
        cache.store(ExtractedText(text: "as text"), for: ReadingPlan.Key(sha256: "x", format: .text(charset: "utf-8")))
        #expect(cache.text(for: ReadingPlan.Key(sha256: "x", format: .html(charset: "utf-8"))) == nil)
    }

    @Test func theLeastRecentlyUsedGoFirstAndTheBytesStayBounded() {
        let text = String(repeating: "x", count: 10_000)
        let cache = ExtractedTextCache(maxBytes: 100_000)
        for index in 0..<8 { cache.store(ExtractedText(text: text), for: Self.key("\(index)")) }
        _ = cache.text(for: Self.key("0"))  // used again: now the most recent
        for index in 8..<12 { cache.store(ExtractedText(text: text), for: Self.key("\(index)")) }
        #expect(cache.usage.bytes <= 100_000)
        #expect(cache.text(for: Self.key("0")) != nil, "recently used: kept")
        #expect(cache.text(for: Self.key("1")) == nil, "the oldest unused: evicted")
        #expect(cache.text(for: Self.key("11")) != nil)
        // A text larger than a quarter of the cache is not kept at all, so it cannot empty it.
        cache.store(ExtractedText(text: String(repeating: "y", count: 30_000)), for: Self.key("big"))
        #expect(cache.text(for: Self.key("big")) == nil)
    }

    /// Across messages: the second message's file is not read (the cache answers), and its decision
    /// comes from its own name: a file named as a CV in one mail and as a budget in another keeps
    /// its own reasons, while the text (and so the kind the text supports) is the same.
    @Test func aFileSeenInAnEarlierMessageIsNotReadAgainButJudgedAgain() throws {
        let cv = try Self.fixturePDF(named: "CV")
        let analyzer = DocumentAnalyzer()
        let first = analyzer.analyze(Self.message(attaching: cv, as: "CV Awa Diallo.pdf"))
        #expect(analyzer.textCache?.counts.misses == 1 && analyzer.textCache?.counts.hits == 0)
        let second = analyzer.analyze(Self.message(attaching: cv, as: "scan0001.pdf"))
        #expect(analyzer.textCache?.counts.hits == 1, "the same bytes: their text from the cache")
        let a = try #require(first.documents.first), b = try #require(second.documents.first)
        #expect(a.sha256 == b.sha256 && a.hasText && b.hasText)
        #expect(a.decisions.map(\.kind) == b.decisions.map(\.kind))
        #expect(a.decisions.first?.reasons != b.decisions.first?.reasons, "each judged with its own name")
        // And a fresh analyzer reads it itself, with the same result.
        let fresh = DocumentAnalyzer().analyze(Self.message(attaching: cv, as: "scan0001.pdf"))
        #expect(fresh.documents.first?.decisions == b.decisions)
    }

    static func fixturePDF(named stem: String) throws -> [UInt8] {
        let folder = PDFWorkerTests.root.appendingPathComponent("fixtures/offers")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".eml") {
            let message = MessageParser().parse(try [UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
            for leaf in message.leaves where (leaf.filename ?? "").hasPrefix(stem) && (leaf.filename ?? "").hasSuffix(".pdf") {
                var defects = DefectSet()
                let body = leaf.decodedBody(defects: &defects)
                if body.starts(with: Array("%PDF".utf8)) { return body }
            }
        }
        throw CancellationError()
    }

    static func message(attaching pdf: [UInt8], as filename: String) -> Message {
        let base64 = Data(pdf).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let raw = """
        From: Applicant <applicant@example.org>\r
        To: secretariat@example.org\r
        Subject: Offer\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b"\r
        \r
        --b\r
        Content-Type: text/plain\r
        \r
        Please find my file attached.\r
        --b\r
        Content-Type: application/pdf; name="\(filename)"\r
        Content-Disposition: attachment; filename="\(filename)"\r
        Content-Transfer-Encoding: base64\r
        \r
        \(base64)\r
        --b--\r

        """
        return MessageParser().parse(Array(raw.utf8))
    }
}
