import Crypto
import Foundation
import OfferCore
import GRDB
@testable import OfferStore
import Testing

/// Raw messages and documents kept as files named by their SHA-256 beside the database.
@Suite struct BlobFilesTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    static func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func bytesComeBackExactlyFromAFileReadableByItsOwnerOnly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try BlobFiles(directory: directory.appendingPathComponent("files").path)
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) } + [0, 0x0D, 0x0A, 0xFF]
        let hash = Self.sha256(bytes)
        try files.store(bytes, sha256: hash)
        #expect(try files.read(sha256: hash) == bytes)
        let path = try files.path(sha256: hash)
        #expect(path.hasSuffix("/\(hash.prefix(2))/\(hash)"))
        #expect(try Self.permissions(path) == 0o600)
        #expect(try Self.permissions(files.directory) == 0o700)
        #expect(try Self.permissions((path as NSString).deletingLastPathComponent) == 0o700)
        // No temporary file is left behind.
        let folder = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(folder == [hash])
    }

    @Test func storingTheSameBytesAgainKeepsTheFileAndAnEmptyFileIsAFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try BlobFiles(directory: directory.path + "/files")
        let bytes = Array("a CV".utf8)
        let hash = Self.sha256(bytes)
        try files.store(bytes, sha256: hash)
        let before = try FileManager.default.attributesOfItem(atPath: files.path(sha256: hash))[.systemFileNumber] as? Int
        try files.store(bytes, sha256: hash)
        let after = try FileManager.default.attributesOfItem(atPath: files.path(sha256: hash))[.systemFileNumber] as? Int
        #expect(before == after)
        let empty = Self.sha256([])
        try files.store([], sha256: empty)
        #expect(try files.read(sha256: empty) == [])
    }

    @Test("a name that is not a hex SHA-256 never becomes a path", arguments: [
        "../../etc/passwd", "", "ABCDEF" + String(repeating: "0", count: 58), String(repeating: "a", count: 63), "/" + String(repeating: "a", count: 63),
    ])
    func onlyADigestIsAName(name: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try BlobFiles(directory: directory.path)
        #expect(throws: StoreFileError.self) { try files.store([1], sha256: name) }
        #expect(throws: StoreFileError.self) { try files.read(sha256: name) }
    }

    @Test func anOnDiskDatabaseKeepsRawMessagesAndDocumentsInFilesAndReadsThemBack() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("offers.sqlite").path
        let database = try OfferDatabase.open(path: path)
        let raw = Array("Subject: offer\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 100_000)
        let document = Array("%PDF-1.4 a CV".utf8)
        let rawHash = Self.sha256(raw), documentHash = Self.sha256(document)
        try database.ingest { tx in
            var record = OfferDatabaseTests.message("a")
            record.sha256 = rawHash
            let message = try tx.insert(record, raw: raw)
            _ = try tx.insert(DocumentRecord(messageId: message.id!, partPath: "2", filename: "cv.pdf", archive: nil, kind: .cv,
                                             confidence: 0.9, reasons: [], sha256: documentHash, size: Int64(document.count),
                                             language: nil, hasText: true, financial: nil), bytes: document)
        }
        // The rows hold no bytes; the files do.
        let dbQueue = try DatabaseQueue(path: path)
        let row = try dbQueue.read { db in try Row.fetchOne(db, sql: "SELECT length(raw) AS n, rawInFile, size FROM message")! }
        #expect(row["n"] as Int == 0)
        #expect(row["rawInFile"] as Bool == true)
        #expect(row["size"] as Int == raw.count)
        let blobLength = try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT length(bytes) FROM blob WHERE inFile = 1") }
        #expect(blobLength == 0)
        #expect(FileManager.default.contents(atPath: path + ".files/\(rawHash.prefix(2))/\(rawHash)") == Data(raw))
        // Every reader sees the bytes.
        #expect(try database.documentBytes(sha256: documentHash) == .stored(Data(document)))
        var seen: [Data?] = []
        try database.forEachMessage { _, _, bytes in seen.append(bytes) }
        #expect(seen == [Data(raw)])
        var blobs: [DocumentBytes?] = []
        try database.forEachDocument { _, bytes in blobs.append(bytes) }
        #expect(blobs == [.stored(Data(document))])
        // A file that disappears is reported, not read as empty.
        try FileManager.default.removeItem(atPath: path + ".files/\(rawHash.prefix(2))/\(rawHash)")
        seen = []
        try database.forEachMessage { _, _, bytes in seen.append(bytes) }
        #expect(seen == [nil])
    }

    @Test func aDocumentThatIsAPartOfItsMessageIsNotCopiedButPointsAtTheMessage() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("offers.sqlite").path
        let database = try OfferDatabase.open(path: path)
        let raw = Array("Subject: offer\r\n\r\nthe whole message".utf8)
        let rawHash = Self.sha256(raw)
        try database.ingest { tx in
            var record = OfferDatabaseTests.message("a")
            record.sha256 = rawHash
            let message = try tx.insert(record, raw: raw)
            _ = try tx.insert(DocumentRecord(messageId: message.id!, partPath: "2", filename: "cv.pdf", archive: nil, kind: .cv,
                                             confidence: 0.9, reasons: [], sha256: "feed", size: 4, language: nil, hasText: true,
                                             financial: nil), bytes: [1, 2, 3, 4], part: (rawHash, "2"))
        }
        #expect(try database.documentBytes(sha256: "feed") == .messagePart(raw: raw, messageSHA256: rawHash, partPath: "2"))
        // Only the message was written.
        let written = try FileManager.default.subpathsOfDirectory(atPath: path + ".files").filter { $0.contains("/") }
        #expect(written == ["\(rawHash.prefix(2))/\(rawHash)"])
    }

    @Test func rowsWrittenBeforeFilesExistedStayReadableAfterTheMigration() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("offers.sqlite").path
        // A database of the first schema, its bytes in the rows.
        do {
            let dbQueue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(dbQueue, upTo: "v1")
            try dbQueue.write { db in
                try db.execute(sql: """
                    INSERT INTO message (contentDigest, sha256, size, raw, internalDate, storedAt, category, replyDecision)
                    VALUES ('d', 'old', 4, x'41424344', 1, 1, 'offer', 'none');
                    INSERT INTO blob (sha256, size, bytes) VALUES ('oldblob', 2, x'4546');
                    """)
            }
        }
        let database = try OfferDatabase.open(path: path)
        var seen: [Data?] = []
        try database.forEachMessage { _, _, bytes in seen.append(bytes) }
        #expect(seen == [Data("ABCD".utf8)])
        #expect(try database.documentBytes(sha256: "oldblob") == .stored(Data("EF".utf8)))
    }
}
