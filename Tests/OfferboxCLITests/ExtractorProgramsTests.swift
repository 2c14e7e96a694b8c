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

    @Test(arguments: [("/bin/sh", true), ("/etc/passwd", false), ("/usr/bin", false), ("sh", false), ("/nonexistent", false)])
    func onlyAnAbsoluteExecutableRegularFileCounts(path: String, executable: Bool) {
        #expect(ExtractorPrograms.isExecutableFile(path) == executable)
    }
}
