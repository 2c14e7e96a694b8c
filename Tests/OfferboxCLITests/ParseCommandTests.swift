import Foundation
import Testing

/// `offerbox parse` as a user runs it: the built executable, its stdout, stderr and exit status.
@Suite struct ParseCommandTests {
    /// The executable sits beside the test bundle in `.build/<triple>/debug/`.
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("offerbox")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/offerbox")
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
    }

    static func run(_ arguments: [String], stdin: [UInt8]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let sample = Array("""
        From: =?utf-8?Q?Awa_Diallo?= <awa@example.org>\r
        To: secretariat@example.org\r
        Subject: Offer\r
        Date: Mon, 20 Jun 2022 12:15:00 +0200\r
        Message-ID: <abc@example.org>\r
        Content-Type: multipart/mixed; boundary=b\r
        \r
        --b\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Dear Secretariat,\r
        --b\r
        Content-Type: application/pdf; name="CV Awa Diallo.pdf"\r
        Content-Disposition: attachment; filename="CV Awa Diallo.pdf"\r
        Content-Transfer-Encoding: base64\r
        \r
        aGVsbG8=\r
        --b--\r

        """.utf8)

    @Test func jsonFromStandardInputFollowsTheContract() throws {
        let run = try Self.run(["parse", "--json", "-"], stdin: Self.sample)
        #expect(run.status == 0)
        let object = try #require(run.jsonLines.first)
        #expect(Array(object.keys).count == 16)
        #expect((object["hosted_links"] as? [Any])?.isEmpty == true)
        #expect(object["source"] as? String == "-")
        #expect(object["message_id"] as? String == "abc@example.org")
        #expect(object["subject"] as? String == "Offer")
        #expect(object["date"] as? String == "2022-06-20T10:15:00Z")
        let from = try #require(object["from"] as? [[String: Any]])
        #expect(from.first?["name"] as? String == "Awa Diallo")
        #expect(from.first?["address"] as? String == "awa@example.org")
        #expect(object["text"] as? String == "Dear Secretariat,")
        let parts = try #require(object["parts"] as? [[String: Any]])
        #expect(parts.map { $0["path"] as? String } == ["1", "2"])
        #expect(parts[1]["filename"] as? String == "CV Awa Diallo.pdf")
        #expect(parts[1]["disposition"] as? String == "attachment")
        #expect(parts[1]["size"] as? Int == 5)
        // SHA-256 of "hello"
        #expect(parts[1]["sha256"] as? String == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        let documents = try #require(object["documents"] as? [[String: Any]])
        #expect(documents.map { $0["kind"] as? String } == ["cv"])
        #expect(documents.first?["filename"] as? String == "CV Awa Diallo.pdf")
        #expect(documents.first?["part"] as? String == "2")
        #expect(documents.first?["sha256"] as? String == parts[1]["sha256"] as? String)
        #expect((object["defects"] as? [Any])?.isEmpty == true)
    }

    @Test func theKeysComeInTheContractsOrder() throws {
        let run = try Self.run(["parse", "--json", "-"], stdin: Self.sample)
        let keys = ["source", "message_id", "from", "reply_to", "to", "cc", "subject", "date", "in_reply_to",
                    "references", "auto_submitted", "text", "parts", "documents", "defects", "hosted_links"]
        let positions = keys.compactMap { run.stdout.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
    }

    @Test func aDirectoryIsReadRecursivelyInNameOrderOneLinePerMessage() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("b"), withIntermediateDirectories: true)
        for name in ["c.eml", "a.eml", "b/inner.eml"] {
            try Data("Subject: \(name)\r\n\r\nbody\r\n".utf8).write(to: directory.appendingPathComponent(name))
        }
        let run = try Self.run(["parse", "--json", directory.path])
        #expect(run.status == 0)
        #expect(run.jsonLines.map { $0["subject"] as? String } == ["a.eml", "b/inner.eml", "c.eml"])
    }

    @Test func aMissingFileIsReportedAndTheOthersStillParsed() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.eml")
        try Data(Self.sample).write(to: good)
        let run = try Self.run(["parse", "--json", directory.appendingPathComponent("missing.eml").path, good.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("missing.eml"))
        #expect(run.jsonLines.count == 1)
    }

    @Test func garbageIsParsedNotRejected() throws {
        var garbage: [UInt8] = []
        var state: UInt32 = 12345
        for _ in 0..<100_000 {
            state = state &* 1_103_515_245 &+ 12345
            garbage.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let run = try Self.run(["parse", "--json", "-"], stdin: garbage)
        #expect(run.status == 0)
        #expect(run.jsonLines.count == 1)
    }

    @Test func theSummaryNamesTheSenderSubjectAndFiles() throws {
        let run = try Self.run(["parse", "-"], stdin: Self.sample)
        #expect(run.status == 0)
        #expect(run.stdout.contains("Awa Diallo <awa@example.org>"))
        #expect(run.stdout.contains("Subject: Offer"))
        #expect(run.stdout.contains("\"CV Awa Diallo.pdf\""))
    }
}
