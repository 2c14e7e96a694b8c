import Foundation
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

/// The message's time for reading text, and one reading per distinct content.
@Suite("Text extraction per message", .serialized)
struct ExtractorBudgetTests {
    static let pdf = ExtractorTimeoutTests.minimalPDF
    /// SHA-256 of ``pdf``, from Python's hashlib.
    static let pdfSHA256 = "56c2ac043c28d3543275a6f50b593a6beb0b6888ed8159ac02e3e7f4a32ccb26"

    /// The minimal PDF with a comment that makes its bytes (and hash) its own.
    static func distinctPDF(_ index: Int) -> [UInt8] { pdf + Array("% copy \(index)\n".utf8) }

    @Test("when the message's extractor time runs out, the PDF readers are stopped and the rest are judged by name, with a defect and a note")
    func timeBudget() {
        var configuration = DocumentAnalyzerConfiguration()
        // This test is about the per-PDF program: not the workers (PDFWorkerPoolTests).
        configuration.pdfWorker = nil
        configuration.pdfExtractor = ExternalExtractor(arguments: ["/bin/sleep", "30"], timeoutSeconds: 5)
        configuration.messageLimits.maxExtractorSeconds = 1
        let attachments = ["CV Awa.pdf", "Lettre d'intention.pdf", "Offre financière.pdf", "Plan de travail.pdf"].enumerated().map { ($1, Self.distinctPDF($0)) }
        let message = MessageBudgetTests.message(attachments: attachments, type: "application/pdf")
        let clock = ContinuousClock()
        var result: MessageDocuments?
        let elapsed = clock.measure { result = DocumentAnalyzer(configuration).analyze(message) }
        print("four hanging PDF readers under a 1 s message budget: \(elapsed)")
        #expect(result?.defects.contains(.extractorBudgetExhausted) == true)
        #expect(result?.defects.contains(.extractorTimeout) == false)
        #expect(result?.documents.count == 4)
        #expect(result?.documents.allSatisfy { !$0.hasText } == true)
        #expect(result?.documents.allSatisfy { $0.decisions.first?.reasons.first?.contains("time for reading this message's files") == true } == true)
        // Still classified, by their names.
        #expect(result.map { Set($0.kinds) } == [.cv, .letterOfIntent, .financialOffer, .workplan])
        // A wide hang guard: four readers of 5 s each on two cores would take 10 s.
        #expect(elapsed < .seconds(4))
    }

    @Test("files with the same bytes are read once, each keeps its own name and decision, and carries the SHA-256")
    func sameContentReadOnce() throws {
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-runs-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: runs) }
        var configuration = DocumentAnalyzerConfiguration()
        // This test is about the per-PDF program: not the workers (PDFWorkerPoolTests).
        configuration.pdfWorker = nil
        configuration.pdfExtractor = ExternalExtractor(arguments: [
            "/bin/sh", "-c", "echo run >> '\(runs)'; echo 'Curriculum vitae of Awa Diallo, civil engineer in Dakar for fifteen years'",
        ], timeoutSeconds: 20)
        let names = ["CV_1.pdf", "CV_2.pdf", "CV copy.pdf", "Annex.pdf"]
        let message = MessageBudgetTests.message(attachments: names.map { ($0, Self.pdf) } + [("Other.pdf", Self.distinctPDF(1))], type: "application/pdf")
        let result = DocumentAnalyzer(configuration).analyze(message)
        let lines = try String(contentsOfFile: runs, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "the extractor ran \(lines.count) times for two distinct contents")
        #expect(result.documents.map { $0.filename } == names + ["Other.pdf"])
        #expect(result.documents.allSatisfy { $0.hasText })
        #expect(result.documents.prefix(4).allSatisfy { $0.sha256 == Self.pdfSHA256 })
        #expect(result.documents.last?.sha256 != Self.pdfSHA256)
        #expect(result.documents.last?.sha256.count == 64)
    }

    static func docx(xmlBytes: Int) throws -> [UInt8] {
        let run = "<w:p><w:r><w:t>Curriculum vitae of Awa Diallo</w:t></w:r></w:p>"
        let body = String(repeating: run, count: xmlBytes / run.utf8.count)
        let xml = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
        return try ArchiveFixtures.zip([("[Content_Types].xml", Array("<Types/>".utf8)), ("word/document.xml", Array(xml.utf8))])
    }

    @Test("the XML inflated from office documents counts against the message's budget")
    func officeXMLCounts() throws {
        let docx = try Self.docx(xmlBytes: 2 << 20)
        let message = MessageBudgetTests.message(attachments: [("CV.docx", docx)], type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        let unbounded = DocumentAnalyzer().analyze(message)
        #expect(unbounded.documents.first?.hasText == true)

        var configuration = DocumentAnalyzerConfiguration()
        configuration.messageLimits.maxInflatedBytes = 1 << 20
        let bounded = DocumentAnalyzer(configuration).analyze(message)
        #expect(bounded.documents.first?.hasText == false)
        #expect(bounded.defects.contains(.messageInflationLimit))
        #expect(bounded.documents.first?.decisions.first?.reasons.first?.contains("inflate") == true)
    }

    @Test("office documents read concurrently share one budget: six of 1 MB XML within 3 MiB, at most three are read")
    func officeBudgetShared() throws {
        let attachments = try (0..<6).map { ("CV \($0).docx", try Self.docx(xmlBytes: (1 << 20) + $0 * 1000)) }
        let message = MessageBudgetTests.message(attachments: attachments, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        var configuration = DocumentAnalyzerConfiguration()
        configuration.messageLimits.maxInflatedBytes = 3 << 20
        let result = DocumentAnalyzer(configuration).analyze(message)
        let read = result.documents.filter(\.hasText).count
        #expect(result.documents.count == 6)
        #expect(read >= 1 && read <= 3, "\(read) documents read")
        #expect(result.defects.contains(.messageInflationLimit))
    }
}
