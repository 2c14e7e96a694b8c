import Foundation
@testable import OfferDocuments
import Testing
import ZIPFoundation

@Suite("Whether a PDF can have a text layer, without a child process")
struct PDFTextProbeTests {
    static func pdf(_ objects: [String]) -> [UInt8] {
        var out = "%PDF-1.4\n"
        for (index, object) in objects.enumerated() { out += "\(index + 1) 0 obj\n\(object)\nendobj\n" }
        out += "trailer\n<< /Root 1 0 R >>\n%%EOF\n"
        return Array(out.utf8)
    }

    /// A FlateDecode stream object: zlib header, raw deflate from ZIPFoundation, no Adler-32 (the probe does not need it).
    static func flateStream(_ content: String, extra: String = "") throws -> [UInt8] {
        var deflated = Data()
        let input = Data(content.utf8)
        _ = try Data.compress(size: Int64(input.count), bufferSize: input.count, provider: { position, size in
            input.subdata(in: Int(position)..<Int(position) + size)
        }, consumer: { deflated.append($0) })
        var bytes = Array("1 0 obj\n<< /Length \(deflated.count + 2) /Filter /FlateDecode \(extra)>>\nstream\n".utf8)
        bytes += [0x78, 0x9C] + [UInt8](deflated) + Array("\nendstream\nendobj\n".utf8)
        return Array("%PDF-1.5\n".utf8) + bytes + Array("trailer\n<< >>\n%%EOF\n".utf8)
    }

    @Test("an uncompressed content stream with a text object may have text")
    func plainText() {
        let bytes = Self.pdf(["<< /Length 30 >>\nstream\nBT /F1 10 Tf (Hello) Tj ET\nendstream"])
        #expect(PDFTextProbe.mayHaveText(bytes))
    }

    @Test("a compressed content stream with a text object may have text, also with a long /Length")
    func flateText() throws {
        #expect(PDFTextProbe.mayHaveText(try Self.flateStream("BT /F1 10 Tf 40 800 Td (Offre financi\\350re) Tj ET")))
        #expect(PDFTextProbe.mayHaveText(try Self.flateStream(String(repeating: "q 1 0 0 1 0 0 cm Q\n", count: 700) + "BT [(A) 120 (B)] TJ ET")))
    }

    @Test("a page that only draws an image has no text layer")
    func scan() throws {
        let image = "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\nBTTj\nendstream"
        let page = "<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream"
        #expect(!PDFTextProbe.mayHaveText(Self.pdf([image, page])))
        #expect(!PDFTextProbe.mayHaveText(try Self.flateStream("q 595 0 0 842 0 0 cm /Im1 Do Q")))
    }

    @Test("random bytes in a FlateDecode stream are no text")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let bytes = Array("%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode /Length 50000 >>\nstream\r\n".utf8) + [0x78, 0x9C] + noise
            + Array("\r\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n".utf8)
        #expect(!PDFTextProbe.mayHaveText(bytes))
    }

    @Test("what the probe cannot judge goes to the extractor: encryption, other filters, no streams")
    func unknownGoesToTheExtractor() {
        #expect(PDFTextProbe.mayHaveText(Self.pdf(["<< /Length 5 /Filter /LZWDecode >>\nstream\nxxxxx\nendstream"])))
        #expect(PDFTextProbe.mayHaveText(Self.pdf(["<< /Length 5 >>\nstream\nxxxxx\nendstream", "<< /Filter /Standard >>"]) + Array("/Encrypt 2 0 R".utf8)))
        #expect(PDFTextProbe.mayHaveText(Self.pdf(["<< /Type /Catalog >>"])))
    }
}
