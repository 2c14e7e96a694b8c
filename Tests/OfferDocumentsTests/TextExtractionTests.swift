import Foundation
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

@Suite("Text of office files, RTF and links")
struct TextExtractionTests {
    @Test("RTF: control words dropped, hex escapes in the code page, Unicode escapes, skipped destinations")
    func rtf() {
        let rtf = Array(#"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\*\generator Word;}\pard Offre financi\'e8re\par Montant : 450 \u8364?\tab HT\par}"#.utf8)
        #expect(RTFTextExtractor.text(of: rtf, maxCharacters: 1000) == "Offre financière\nMontant : 450 €\tHT\n")
    }

    @Test("RTF: a Unicode escape outside 16 bits is dropped, not a crash", arguments: [#"\u-99999"#, #"\u4294967296"#, #"\u9999999999"#, #"\u65536"#])
    func rtfUnicodeOutOfRange(escape: String) {
        let rtf = Array((#"{\rtf1\ansi Daily rate "# + escape + #"? 450 EUR\u8364?\par}"#).utf8)
        #expect(RTFTextExtractor.text(of: rtf, maxCharacters: 1000) == "Daily rate  450 EUR€\n")
    }

    @Test("Word tables keep rows on lines and cells apart")
    func wordTable() {
        let xml = Array("""
        <w:document><w:body><w:p><w:r><w:t>Budget</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Daily rate</w:t></w:r></w:p></w:tc>\
        <w:tc><w:p><w:r><w:t>450 &amp; more</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>
        """.utf8)
        #expect(OfficeTextExtractor.wordText(xml) == "Budget\nDaily rate \t450 & more \t\n")
    }

    @Test("spreadsheet cells are placed by reference and shared strings resolved")
    func sheet() {
        let shared = OfficeTextExtractor.sharedStrings(Array("<sst><si><t>Days</t></si><si><r><t>To</t></r><r><t>tal</t></r></si></sst>".utf8))
        #expect(shared == ["Days", "Total"])
        let sheet = Array(#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>40</v></c><c r="C2" t="inlineStr"><is><t>18000</t></is></c></row></sheetData></worksheet>"#.utf8)
        #expect(OfficeTextExtractor.sheetText(sheet, shared: shared) == "Days\t\tTotal\n40\t\t18000")
    }

    @Test("broken XML never stops the scanner")
    func brokenXML() {
        var texts: [String] = []
        XMLTextScanner.scan(Array("<a>one<b x='1'>two</b><!-- c --><![CDATA[three]]><unclosed".utf8)) { event in
            if case .text(let t) = event { texts.append(t) }
        }
        #expect(texts == ["one", "two", "three"])
    }

    @Test("links to drives and transfer services are found, other links are not")
    func hostedLinks() {
        let text = "See https://drive.google.com/file/d/1x/view, https://www.example.org/about and <https://we.tl/t-abc>; also https://contoso.sharepoint.com/:b:/s/x."
        #expect(HostedLinkFinder.links(in: text) == ["https://drive.google.com/file/d/1x/view", "https://we.tl/t-abc", "https://contoso.sharepoint.com/:b:/s/x"])
    }

    @Test("an image is marked as having no text and classified by its name")
    func image() {
        let file = MessageFile(filename: "CV scan.jpg", partPath: "2", archive: nil, origin: .part, mediaType: "image/jpeg", bytes: [0xFF, 0xD8, 0xFF])
        let text = TextExtractor().text(of: file)
        #expect(!text.hasText)
        #expect(DocumentClassifier().classify(filename: file.filename, text: text.text).map(\.kind) == [.cv])
    }

    @Test("a file over the size limit is not read")
    func sizeLimit() {
        var limits = ExtractionLimits()
        limits.maxFileBytes = 10
        let file = MessageFile(filename: "a.txt", partPath: "2", archive: nil, origin: .part, mediaType: "text/plain", bytes: Array(repeating: 0x61, count: 11))
        let text = TextExtractor(limits: limits).text(of: file)
        #expect(!text.hasText)
        #expect(text.defect == .fileSizeLimit)
    }
}
