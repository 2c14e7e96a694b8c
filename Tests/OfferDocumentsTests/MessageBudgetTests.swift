import Foundation
import MIME
import OfferCore
@testable import OfferDocuments
import Testing

/// One budget per message (issue 8): what all of a message's archives and documents together may
/// make us inflate, how many files it may list, how long its extractors may run.
@Suite("One budget per message", .serialized)
struct MessageBudgetTests {
    /// A message with each (name, bytes) as a base64 attachment of the given media type.
    static func message(attachments: [(String, [UInt8])], type: String = "application/zip", body: String = "Please find our offer attached.") -> Message {
        var raw = "From: a@example.org\r\nSubject: Offer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\n\(body)\r\n"
        for (name, bytes) in attachments {
            raw += "--b\r\nContent-Type: \(type); name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            raw += Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            raw += "\r\n"
        }
        raw += "--b--\r\n"
        return MessageParser().parse(Array(raw.utf8))
    }

    @Test("three zips of 30 MB each (each within its own archive limit) share the message's 64 MiB: the third is refused")
    func archivesShareOneBudget() throws {
        let files = (0..<30).map { ("part\($0).bin", [UInt8](repeating: 0, count: 1 << 20)) }
        let archive = try ArchiveFixtures.zip(files)
        let message = Self.message(attachments: [("a.zip", archive), ("b.zip", archive), ("c.zip", archive)])
        let result = DocumentAnalyzer().analyze(message)
        let inflated = result.documents.reduce(0) { $0 + $1.bytes.count }
        #expect(inflated <= 64 << 20, "documents hold \(inflated >> 20) MiB")
        #expect(result.documents.count == 60)
        #expect(result.defects.names.contains("limit_message_inflation"))
    }

    @Test("a zip whose central directory points 100 times at one stored body is refused as overlapping")
    func overlappingEntries() {
        let body = [UInt8](repeating: 0x41, count: 4096)
        let archive = ZipBytes.zip([ZipBytes.Entry(name: Array("CV.txt".utf8), data: body)], aliases: 99)
        var defects = DefectSet()
        let entries = ZipUnpacker(limits: ArchiveLimits()).unpack(archive, defects: &defects)
        #expect(entries.map(\.path) == [])
        #expect(defects.names.contains("zip_overlapping_entries"))
    }

    /// Found by review: stored entries whose central records say 0 compressed bytes have spans that
    /// do not overlap on paper, yet each reads its declared size over the headers after it and the
    /// shared body (with CRCs computed for those views): 100 files of about one.
    @Test("stored entries that claim 0 compressed bytes and read over each other are refused as overlapping")
    func storedEntriesReadingOverEachOther() {
        let count = 100, size = 64 * 1024
        let names = (0..<count).map { Array("annex-\($0).txt".utf8) }
        let headerSizes = names.map { 30 + $0.count }
        let bodyOffset = headerSizes.reduce(0, +)
        var image = [UInt8](repeating: 0, count: bodyOffset + size)   // headers, then one shared body of zeros
        var offsets: [Int] = []
        var position = 0
        for name in names {
            offsets.append(position)
            position += 30 + name.count
        }
        // Each entry reads `size` bytes from the end of its own header, over the headers after it:
        // its CRC is computed over that view, so the later headers are written first.
        for index in names.indices.reversed() {
            let name = names[index]
            let start = offsets[index] + headerSizes[index]
            let crc = ZipBytes.crc32(Array(image[start..<start + size]))
            let header = ZipBytes.le32(0x0403_4B50) + ZipBytes.le16(20) + ZipBytes.le16(0) + ZipBytes.le16(0) + ZipBytes.le16(0)
                + ZipBytes.le16(0x21) + ZipBytes.le32(crc) + ZipBytes.le32(0) + ZipBytes.le32(UInt32(size))
                + ZipBytes.le16(UInt16(name.count)) + ZipBytes.le16(0) + name
            image.replaceSubrange(offsets[index]..<offsets[index] + header.count, with: header)
        }
        var central: [UInt8] = []
        for (index, name) in names.enumerated() {
            let crc = Array(image[offsets[index] + 14..<offsets[index] + 18])
            central += ZipBytes.le32(0x0201_4B50) + ZipBytes.le16(0x031E) + ZipBytes.le16(20) + ZipBytes.le16(0) + ZipBytes.le16(0)
                + ZipBytes.le16(0) + ZipBytes.le16(0x21) + crc + ZipBytes.le32(0) + ZipBytes.le32(UInt32(size))
                + ZipBytes.le16(UInt16(name.count)) + ZipBytes.le16(0) + ZipBytes.le16(0) + ZipBytes.le16(0) + ZipBytes.le16(0)
                + ZipBytes.le32(0o100644 << 16) + ZipBytes.le32(UInt32(offsets[index])) + name
        }
        let archive = image + central + ZipBytes.le32(0x0605_4B50) + ZipBytes.le16(0) + ZipBytes.le16(0)
            + ZipBytes.le16(UInt16(count)) + ZipBytes.le16(UInt16(count)) + ZipBytes.le32(UInt32(central.count))
            + ZipBytes.le32(UInt32(image.count)) + ZipBytes.le16(0)
        var defects = DefectSet()
        let entries = ZipUnpacker(limits: ArchiveLimits()).unpack(archive, defects: &defects)
        #expect(entries.isEmpty, "\(entries.count) entries read from one body")
        #expect(defects.names.contains("zip_overlapping_entries"))
    }

    @Test("a message lists at most 200 files: zip entries count, the rest are not listed, with a defect")
    func fileCount() throws {
        let files = (0..<300).map { ("note\($0).txt", Array("note \($0)".utf8)) }
        let archive = try ArchiveFixtures.zip(files, compressed: false)
        let result = DocumentAnalyzer().analyze(Self.message(attachments: [("notes.zip", archive)]))
        #expect(result.documents.count == 200)
        #expect(result.defects.names.contains("limit_file_count"))
    }

    @Test("uuencoded files count against the files of a message too")
    func uuencodedFileCount() {
        var body = "Files below.\r\n"
        for index in 0..<250 { body += "begin 644 f\(index).txt\r\n#0V%T\r\n`\r\nend\r\n" }
        let raw = "From: a@example.org\r\nSubject: Offer\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + body
        let result = DocumentAnalyzer().analyze(MessageParser().parse(Array(raw.utf8)))
        #expect(result.documents.count == 200)
        #expect(result.defects.names.contains("limit_file_count"))
    }
}
