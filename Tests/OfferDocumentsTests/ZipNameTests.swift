import Foundation
import MIME
@testable import OfferDocuments
import Testing

/// Entry names as zip tools write them: Info-ZIP and macOS write UTF-8 without flag 11, Info-ZIP
/// adds the Unicode Path extra field (0x7075) to names it wrote in the OEM code page, and Windows'
/// own zip writes CP437.
@Suite("Zip entry names")
struct ZipNameTests {
    static func names(_ entries: [ZipBytes.Entry]) -> [String] {
        var defects = DefectSet()
        return ZipUnpacker(limits: ArchiveLimits()).unpack(ZipBytes.zip(entries), defects: &defects).map(\.path)
    }

    static let data = Array("Curriculum vitae".utf8)

    @Test("UTF-8 bytes without the UTF-8 flag (Info-ZIP, macOS) are read as UTF-8, not CP437")
    func utf8WithoutFlag() {
        #expect(Self.names([ZipBytes.Entry(name: Array("CV Benoît Rousseau.pdf".utf8), data: Self.data)]) == ["CV Benoît Rousseau.pdf"])
    }

    @Test("the UTF-8 flag (bit 11) is honoured")
    func utf8Flag() {
        #expect(Self.names([ZipBytes.Entry(name: Array("Orçamento São Paulo.pdf".utf8), data: Self.data, flags: 1 << 11)]) == ["Orçamento São Paulo.pdf"])
    }

    @Test("the Info-ZIP Unicode Path field names the entry when its CRC-32 matches the raw name")
    func unicodePathField() {
        // "Benoît" in CP437: î is 0x8C.
        let raw: [UInt8] = Array("CV Beno".utf8) + [0x8C] + Array("t.pdf".utf8)
        let extra = ZipBytes.unicodePathField(rawName: raw, utf8Name: "CV Benoît (UTF-8).pdf")
        #expect(Self.names([ZipBytes.Entry(name: raw, data: Self.data, extra: extra)]) == ["CV Benoît (UTF-8).pdf"])
    }

    @Test("a Unicode Path field whose CRC-32 does not match the raw name (renamed by another tool) is ignored")
    func staleUnicodePathField() {
        let raw: [UInt8] = Array("CV Beno".utf8) + [0x8C] + Array("t.pdf".utf8)
        let extra = ZipBytes.unicodePathField(rawName: raw, utf8Name: "old name.pdf", crc: 0x1234_5678)
        #expect(Self.names([ZipBytes.Entry(name: raw, data: Self.data, extra: extra)]) == ["CV Benoît.pdf"])
    }

    @Test("bytes that are not UTF-8 are CP437 (Windows' own zip)")
    func cp437() {
        // ç is 0x87, é 0x82, á 0xA0 in CP437.
        let raw: [UInt8] = Array("Or".utf8) + [0x87] + Array("amento ".utf8) + [0x82, 0xA0] + Array(".pdf".utf8)
        #expect(Self.names([ZipBytes.Entry(name: raw, data: Self.data)]) == ["Orçamento éá.pdf"])
    }
}
