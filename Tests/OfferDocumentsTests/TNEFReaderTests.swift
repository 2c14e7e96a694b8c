import Foundation
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

@Suite("TNEF winmail.dat")
struct TNEFReaderTests {
    /// Builds a TNEF stream as [MS-OXTNEF] 2.1.3 lays it out; checksums are the byte sums mod 65536.
    static func attribute(level: UInt8, id: UInt32, _ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [level]
        out += withUnsafeBytes(of: id.littleEndian, Array.init)
        out += withUnsafeBytes(of: UInt32(data.count).littleEndian, Array.init)
        out += data
        let checksum = UInt16(truncatingIfNeeded: data.reduce(0) { $0 &+ Int($1) })
        out += withUnsafeBytes(of: checksum.littleEndian, Array.init)
        return out
    }

    static func stream(_ files: [(title: String, long: String?, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00]
        for file in files {
            out += attribute(level: 2, id: 0x0006_9002, [UInt8](repeating: 0, count: 14))
            out += attribute(level: 2, id: 0x0001_8010, Array(file.title.utf8) + [0])
            out += attribute(level: 2, id: 0x0006_800F, file.data)
            if let long = file.long {
                let name = Array(long.utf8) + [0]
                var props: [UInt8] = [1, 0, 0, 0, 0x1E, 0x00, 0x07, 0x37, 1, 0, 0, 0]
                props += withUnsafeBytes(of: UInt32(name.count).littleEndian, Array.init)
                props += name + [UInt8](repeating: 0, count: (4 - name.count % 4) % 4)
                out += attribute(level: 2, id: 0x0006_9005, props)
            }
        }
        return out
    }

    @Test("attachments come out with their long file names and bytes")
    func readsFiles() throws {
        var defects = DefectSet()
        let bytes = Self.stream([(title: "FINANC~1.PDF", long: "Financial offer 2022.pdf", data: [1, 2, 3]), (title: "CV.docx", long: nil, data: [4, 5])])
        let files = try #require(TNEFReader.files(in: bytes, defects: &defects))
        #expect(files.map(\.filename) == ["Financial offer 2022.pdf", "CV.docx"])
        #expect(files.map(\.bytes) == [[1, 2, 3], [4, 5]])
        #expect(defects.isEmpty)
    }

    @Test("a truncated stream keeps what was read and says so")
    func truncated() throws {
        var defects = DefectSet()
        let whole = Self.stream([(title: "a.pdf", long: nil, data: [1]), (title: "b.pdf", long: nil, data: Array(repeating: 7, count: 100))])
        let files = try #require(TNEFReader.files(in: Array(whole.prefix(whole.count - 50)), defects: &defects))
        #expect(files.map(\.filename) == ["a.pdf"])
        #expect(defects.contains(.tnefUnreadable))
    }

    @Test("a huge declared length never reads past the end")
    func hostileLength() {
        var defects = DefectSet()
        let bytes: [UInt8] = [0x78, 0x9F, 0x3E, 0x22, 1, 0, 2, 0x0F, 0x80, 0x06, 0x00, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2]
        #expect(TNEFReader.files(in: bytes, defects: &defects)?.isEmpty == true)
        #expect(defects.contains(.tnefUnreadable))
    }

    @Test("Outlook's winmail.dat in the client fixtures gives its files")
    func clientFixture() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../fixtures/mime/clients/005-outlook-exchange-tnef-winmail.eml")
        let message = MessageParser().parse(try [UInt8](Data(contentsOf: url)))
        var defects = DefectSet()
        let files = MessageFileCollector(limits: ArchiveLimits()).files(of: message, defects: &defects)
        #expect(files.contains { $0.origin == .tnef && $0.filename != nil && !$0.bytes.isEmpty })
        #expect(!files.contains { $0.filename?.lowercased() == "winmail.dat" })
    }
}
