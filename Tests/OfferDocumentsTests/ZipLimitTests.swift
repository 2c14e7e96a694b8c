import Foundation
import Glibc
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

@Suite("Zip attachments within limits", .serialized)
struct ZipLimitTests {
    static func message(attaching bytes: [UInt8], named name: String = "offer.zip") -> Message {
        var raw = "From: a@example.org\r\nSubject: Offer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\nPlease find our offer attached.\r\n"
        raw += "--b\r\nContent-Type: application/zip; name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        raw += Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        raw += "\r\n--b--\r\n"
        return MessageParser().parse(Array(raw.utf8))
    }

    static func residentMemory() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("a zip bomb of 1 GB of zeros is refused within 1 s and 50 MB, as a defect, before inflating")
    func zipBomb() throws {
        let bomb = try ArchiveFixtures.zeros(size: 1 << 30)
        #expect(bomb.count < 2 << 20, "the bomb should be about 1 MB, is \(bomb.count)")
        let message = Self.message(attaching: bomb)
        let before = Self.residentMemory()
        let clock = ContinuousClock()
        var result: MessageDocuments?
        let elapsed = clock.measure { result = DocumentAnalyzer().analyze(message) }
        let grown = Self.residentMemory() - before
        print("zip bomb (\(bomb.count) bytes → 1 GiB): refused in \(elapsed), resident memory +\(grown >> 20) MB")
        #expect(result?.defects.contains(.zipBomb) == true)
        #expect(result?.documents.isEmpty == true)
        #expect(elapsed < .seconds(1))
        #expect(grown < 50 << 20)
    }

    @Test("a bomb whose directory lies about its size is stopped at the declared size")
    func lyingBomb() throws {
        var bomb = try ArchiveFixtures.zeros(size: 64 << 20)
        // Rewrite the declared uncompressed size (local header offset 22, central directory offset 24) to 1 MB.
        Self.patchSizes(&bomb, to: 1 << 20)
        var defects = DefectSet()
        var limits = ArchiveLimits()
        limits.maxCompressionRatio = 10_000
        let clock = ContinuousClock()
        var entries: [ZipUnpacker.Entry] = []
        let elapsed = clock.measure { entries = ZipUnpacker(limits: limits).unpack(bomb, defects: &defects) }
        print("lying bomb stopped in \(elapsed)")
        #expect(entries.isEmpty)
        #expect(defects.contains(.zipBomb))
    }

    /// Sets the uncompressed size of every local header and central directory record.
    static func patchSizes(_ bytes: inout [UInt8], to size: UInt32) {
        let le = [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24 & 0xFF)]
        var index = 0
        while index + 46 < bytes.count {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x03, bytes[index + 3] == 0x04 {
                for k in 0..<4 { bytes[index + 22 + k] = le[k] }
            } else if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02 {
                for k in 0..<4 { bytes[index + 24 + k] = le[k] }
            }
            index += 1
        }
    }

    @Test("a zip of 10,000 entries is refused from its end record within 1 s, as a defect")
    func tenThousandEntries() throws {
        let archive = try ArchiveFixtures.manyEntries(10_000)
        let message = Self.message(attaching: archive)
        let before = Self.residentMemory()
        let clock = ContinuousClock()
        var result: MessageDocuments?
        let elapsed = clock.measure { result = DocumentAnalyzer().analyze(message) }
        let grown = Self.residentMemory() - before
        print("10,000-entry zip (\(archive.count) bytes): refused in \(elapsed), resident memory +\(grown >> 20) MB")
        #expect(result?.defects.contains(.zipTooManyEntries) == true)
        #expect(result?.documents.isEmpty == true)
        #expect(elapsed < .seconds(1))
        #expect(grown < 50 << 20)
    }

    @Test("an entry whose bytes do not match its CRC-32 is dropped with a defect")
    func crcMismatch() throws {
        var archive = try ArchiveFixtures.zip([("CV.txt", Array("Curriculum vitae of Awa Diallo".utf8))], compressed: false)
        // Flip one byte of the stored data (after the 30-byte local header and the 6-byte name).
        archive[36] ^= 0x20
        var defects = DefectSet()
        let entries = ZipUnpacker(limits: ArchiveLimits()).unpack(archive, defects: &defects)
        #expect(entries.isEmpty)
        #expect(defects.contains(.zipCRCMismatch))
    }

    @Test("zips nest two deep, not three")
    func nesting() throws {
        let cv = Array("CURRICULUM VITAE".utf8)
        let level3 = try ArchiveFixtures.zip([("deep.txt", cv)])
        let level2 = try ArchiveFixtures.zip([("inner.txt", cv), ("level3.zip", level3)])
        let level1 = try ArchiveFixtures.zip([("outer.txt", cv), ("level2.zip", level2)])
        var defects = DefectSet()
        let entries = ZipUnpacker(limits: ArchiveLimits()).unpack(level1, defects: &defects)
        #expect(entries.map(\.path) == ["outer.txt", "level2.zip/inner.txt"])
        #expect(defects.contains(.zipNestingDepth))
    }

    @Test("names with .. or an absolute path are kept as names only, and flagged")
    func unsafeNames() throws {
        let archive = try ArchiveFixtures.zip([("../../etc/passwd.txt", Array("x".utf8)), ("/abs/CV.txt", Array("y".utf8))])
        var defects = DefectSet()
        let entries = ZipUnpacker(limits: ArchiveLimits()).unpack(archive, defects: &defects)
        #expect(entries.map(\.path) == ["../../etc/passwd.txt", "/abs/CV.txt"])
        #expect(defects.contains(.zipUnsafePath))
    }

    @Test("files in a zip name the zip as their archive")
    func archiveName() throws {
        let letter = "LETTER OF INTENT\nDear Sir or Madam,\nWe hereby express our interest in the call and are pleased to submit our application.\nYours sincerely,\nSarah"
        let archive = try ArchiveFixtures.zip([("Dossier/letter.txt", Array(letter.utf8)), ("__MACOSX/._letter.txt", [0, 5, 22, 7])])
        let result = DocumentAnalyzer().analyze(Self.message(attaching: archive, named: "Dossier ASToN.zip"))
        #expect(result.documents.count == 1)
        #expect(result.documents.first?.archive == "Dossier ASToN.zip")
        #expect(result.documents.first?.partPath == "2")
        #expect(result.kinds == [.letterOfIntent])
    }
}
