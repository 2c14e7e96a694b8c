import Foundation
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

@Suite("Text extractors in a child process")
struct ExtractorTimeoutTests {
    static let minimalPDF = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    static func message(pdfNamed name: String, extra: String = "") -> Message {
        var raw = "From: a@example.org\r\nSubject: Offer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\nPlease find my CV attached.\r\n"
        raw += "--b\r\nContent-Type: application/pdf; name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        raw += Data(minimalPDF).base64EncodedString() + "\r\n" + extra + "--b--\r\n"
        return MessageParser().parse(Array(raw.utf8))
    }

    @Test("an extractor that hangs is killed at its timeout and the message is still processed")
    func hangingExtractorIsKilled() {
        var configuration = DocumentAnalyzerConfiguration()
        // This test is about the per-PDF program: not the workers (PDFWorkerPoolTests).
        configuration.pdfWorker = nil
        configuration.pdfExtractor = ExternalExtractor(arguments: ["/bin/sleep", "30"], timeoutSeconds: 0.5)
        let clock = ContinuousClock()
        var result: MessageDocuments?
        let elapsed = clock.measure { result = DocumentAnalyzer(configuration).analyze(Self.message(pdfNamed: "CV_Awa.pdf")) }
        print("hanging extractor: message processed in \(elapsed)")
        #expect(elapsed < .seconds(3))
        #expect(result?.defects.contains(.extractorTimeout) == true)
        // Still classified, by its name.
        #expect(result?.kinds == [.cv])
        #expect(result?.documents.first?.hasText == false)
        #expect(result?.documents.first?.decisions.first?.reasons.first?.contains("stopped") == true)
    }

    @Test("a child that ignores its input and floods its output is cut and killed")
    func floodingExtractor() {
        let outcome = Subprocess.run(["/usr/bin/yes"], input: Array(repeating: 0x41, count: 1 << 20), timeoutSeconds: 5, maxOutputBytes: 1 << 16)
        #expect(outcome.outputTruncated)
        #expect(outcome.output.count == 1 << 16)
    }

    @Test("input larger than a pipe buffer reaches the child while its output is read")
    func largeInputRoundTrip() {
        let input = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let outcome = Subprocess.run(["/bin/cat"], input: input, timeoutSeconds: 10, maxOutputBytes: 8 << 20)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.output == input)
    }

    @Test("a program that does not exist is reported, not fatal")
    func missingProgram() {
        let outcome = Subprocess.run(["/nonexistent/pdftotext"], input: [1, 2, 3], timeoutSeconds: 1, maxOutputBytes: 100)
        #expect(outcome.failedToStart || outcome.exitStatus == 127)
    }

    @Test("pdftotext reads the text layer of a PDF under prlimit")
    func realPDF() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../fixtures/offers/001-complete-en-1.eml")
        let message = MessageParser().parse(try [UInt8](Data(contentsOf: url)))
        let result = DocumentAnalyzer().analyze(message)
        #expect(result.documents.allSatisfy { $0.hasText })
        #expect(result.documents.first { $0.kinds == [.financialOffer] }?.financial?.total?.units == 18_000)
    }
}
