import Foundation
import Glibc
import OfferStore
import OfferboxService
import Testing

/// `offerbox export-documents` on an offer whose file names were chosen to break it: two identical
/// 259-character names (the old exporter looped forever), names that shortened to `..` and to
/// `MANIFEST.sha256`, a right-to-left override; run under umask 000, where only modes set on
/// purpose keep the documents private.
@Suite struct ExportDocumentsHostileNamesTests {
    /// One letter with 150 combining accents: a single 301-byte character.
    static let giant = "e" + String(repeating: "\u{301}", count: 150)
    static let longName = "CV " + String(repeating: "Awa Diallo curriculum vitae ", count: 9) + ".pdf"
    static let names = [
        longName, longName, "CV " + giant + "..", "CV " + giant + "MANIFEST.sha256", "CV Awa\u{202E}fdp.exe",
        "Letter of intent.pdf", "Workplan.pdf", "Financial offer.pdf",
    ]

    /// A message carrying one small attachment per name (RFC 2231 UTF-8 file names), each with
    /// different bytes.
    static func message() -> [UInt8] {
        var text = """
            From: Awa Diallo <awa@example.test>\r
            To: secretariat@example.test\r
            Subject: Offer\r
            Message-ID: <hostile-names@example.test>\r
            Date: Mon, 20 Jun 2022 10:15:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            Dear Secretariat, please find my offer attached.\r

            """
        for (index, name) in names.enumerated() {
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            text += "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;\r\n filename*=UTF-8''\(encoded)\r\n"
            text += "Content-Transfer-Encoding: base64\r\n\r\n\(Data("fake document \(index)\n".utf8).base64EncodedString())\r\n"
        }
        return Array((text + "--b--\r\n").utf8)
    }

    /// Runs the built executable under `umask 000`.
    static func runWithOpenUmask(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask 000; exec \"$0\" \"$@\"", ParseCommandTests.executable.path] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    @Test func hostileNamesExportToDistinctPrivateFilesThatMatchTheManifest() throws {
        let (directory, configuration) = try CheckConfigCommandTests.writeConfiguration(password: "unused")
        defer { try? FileManager.default.removeItem(at: directory) }
        let loaded = try Configuration.load(path: configuration)
        let database = try OfferDatabase.open(path: loaded.configuration.store.database,
                                              filesDirectory: loaded.configuration.store.filesDirectory)
        let pipeline = IntakePipeline(configuration: loaded.configuration, database: database, composer: try ReplyComposer())
        _ = try pipeline.ingest(FetchedMessage(mailboxKey: "test", uidValidity: 1, uid: 1, internalDate: 1_656_000_000,
                                               raw: Self.message()), now: 1_656_000_100)

        let export = directory.appendingPathComponent("export").path
        let run = try Self.runWithOpenUmask(["export-documents", "--config", configuration, export])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(Self.names.count) files written"), "\(run.stderr)")

        let folders = try FileManager.default.contentsOfDirectory(atPath: export)
        #expect(folders.count == 1)
        let folder = "\(export)/\(try #require(folders.first))"
        #expect(Self.mode(export) == 0o700)
        #expect(Self.mode(folder) == 0o700)
        #expect(Self.mode("\(folder)/MANIFEST.sha256") == 0o600)

        let manifest = try String(contentsOfFile: "\(folder)/MANIFEST.sha256", encoding: .utf8)
        #expect(manifest.hasPrefix("# "))
        let lines = manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }
        var listed: [String] = []
        for line in lines {
            let hash = String(line.prefix(64)), name = String(line.dropFirst(66))
            listed.append(name)
            let path = "\(folder)/\(name)"
            #expect(Self.mode(path) == 0o600, "\(name)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Digests.sha256Hex([UInt8](bytes)) == hash, "\(name)")
            ExportNameAllocatorTests.expectSafe(name)
        }
        #expect(listed.count == Self.names.count)
        #expect(Set(listed.map { $0.lowercased() }).count == listed.count, "\(listed)")
        #expect(listed.contains("cv - CV Awafdp.exe"), "the override is gone and the real extension shows: \(listed)")
        // Nothing but the listed files and the manifest: no stray temporary file, nothing outside.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == Set(listed + ["MANIFEST.sha256"]))
    }
}
