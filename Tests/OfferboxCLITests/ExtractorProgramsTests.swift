@testable import OfferboxCLI
import OfferDocuments
import Testing

/// check-config's look at the programs the PDF extractor runs (pdftotext under prlimit).
@Suite struct ExtractorProgramsTests {
    @Test func theDefaultExtractorRunsPrlimitAndPdftotext() {
        #expect(ExtractorPrograms.programs(of: DocumentAnalyzerConfiguration().pdfExtractor) == ["/usr/bin/prlimit", "/usr/bin/pdftotext"])
        #expect(ExtractorPrograms.programs(of: .pdftotext(prlimit: nil)) == ["/usr/bin/pdftotext"])
        #expect(ExtractorPrograms.programs(of: ExternalExtractor(arguments: [])) == [])
    }

    @Test func aMissingPdftotextIsWrongAndNamed() {
        let extractor = ExternalExtractor.pdftotext(pdftotext: "/nonexistent/pdftotext")
        let (verdict, detail) = CheckConfigCommand.checkPDFExtractor(extractor, isExecutable: ExtractorPrograms.isExecutableFile)
        #expect(verdict == .configurationError)
        #expect(detail.hasPrefix("/nonexistent/pdftotext: missing"), "\(detail)")
        #expect(!detail.contains("/usr/bin/prlimit"), "prlimit is there and is not blamed: \(detail)")
    }

    @Test func aMissingPrlimitIsWrongAndNamed() {
        let (verdict, detail) = CheckConfigCommand.checkPDFExtractor(.pdftotext(), isExecutable: { $0 != "/usr/bin/prlimit" })
        #expect(verdict == .configurationError)
        #expect(detail.hasPrefix("/usr/bin/prlimit: missing"), "\(detail)")
    }

    @Test func presentProgramsAreOK() {
        let (verdict, detail) = CheckConfigCommand.checkPDFExtractor(.pdftotext(), isExecutable: { _ in true })
        #expect(verdict == .ok)
        #expect(detail.contains("/usr/bin/pdftotext"))
    }

    @Test func aReadyWorkerNeedsNoPdftotext() {
        let (verdict, detail) = CheckConfigCommand.checkPDFReader(.ready(program: "/usr/local/bin/offerbox-pdf-worker"), fallback: .pdftotext(),
                                                                  isExecutable: { _ in false })
        #expect(verdict == .ok)
        #expect(detail.hasPrefix("/usr/local/bin/offerbox-pdf-worker: passed its self-test"), "\(detail)")
    }

    @Test func aWorkerThatFailsItsSelfTestWarnsAndFallsBackToPdftotext() {
        let failed = PDFWorkerPool.Installation.failedSelfTest(program: "/usr/local/bin/offerbox-pdf-worker", reason: "it could not be started")
        let (verdict, detail) = CheckConfigCommand.checkPDFReader(failed, fallback: .pdftotext(), isExecutable: { _ in true })
        #expect(verdict == .warning)
        #expect(detail.contains("it could not be started, so it is not used"), "\(detail)")
        #expect(detail.contains("/usr/bin/pdftotext"), "\(detail)")
        // Without pdftotext either, nothing reads PDFs: an error, not a warning.
        #expect(CheckConfigCommand.checkPDFReader(failed, fallback: .pdftotext(), isExecutable: { _ in false }).0 == .configurationError)
    }

    @Test func noWorkerMeansPdftotextAndSaysSo() {
        let (verdict, detail) = CheckConfigCommand.checkPDFReader(.absent, fallback: .pdftotext(), isExecutable: { _ in true })
        #expect(verdict == .ok)
        #expect(detail.contains("one pdftotext process per PDF"), "\(detail)")
    }

    @Test(arguments: [("/bin/sh", true), ("/etc/passwd", false), ("/usr/bin", false), ("sh", false), ("/nonexistent", false)])
    func onlyAnAbsoluteExecutableRegularFileCounts(path: String, executable: Bool) {
        #expect(ExtractorPrograms.isExecutableFile(path) == executable)
    }
}
