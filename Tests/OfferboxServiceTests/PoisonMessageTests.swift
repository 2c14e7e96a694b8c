import Foundation
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// Issue 8: a message that kills the daemon must not kill it again. The real executable, the real
/// Dovecot and Exim; the daemon is killed (SIGKILL, as the OOM killer or the watchdog would) while
/// one message is in hand, three times; the next start sets that message aside and goes on.
@Suite(.serialized, .timeLimit(.minutes(4))) struct PoisonMessageTests {
    static let executable = LoopbackMail.repository.appendingPathComponent(".build/debug/offerbox").path

    /// A PDF of nested form XObjects, each drawing the next twice: a few KB that keep pdftotext busy
    /// far past any sensible time (2^40 draws), the kind of file that holds a message in hand.
    static func nestedFormsPDF(depth: Int = 40) -> [UInt8] {
        var objects: [Int: [UInt8]] = [:]
        func object(_ dictionary: String, stream: String? = nil) -> [UInt8] {
            guard let stream else { return Array("\(dictionary)\n".utf8) }
            return Array("<< \(dictionary) /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream\n".utf8)
        }
        let first = 5, contents = first + depth
        objects[1] = object("<< /Type /Catalog /Pages 2 0 R >>")
        objects[2] = object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        objects[3] = object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /XObject << /X0 \(first) 0 R >> "
            + "/Font << /F1 4 0 R >> >> /Contents \(contents) 0 R >>")
        objects[4] = object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        for level in 0..<depth {
            let number = first + level
            if level < depth - 1 {
                objects[number] = object("/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /XObject << /X1 \(number + 1) 0 R >> >>",
                                         stream: "q /X1 Do Q q /X1 Do Q")
            } else {
                objects[number] = object("/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 4 0 R >> >>",
                                         stream: "BT /F1 12 Tf 10 10 Td (Curriculum vitae of the applicant) Tj ET")
            }
        }
        objects[contents] = object("", stream: "q /X0 Do Q")
        var pdf = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for number in 1...contents {
            offsets.append(pdf.count)
            pdf += Array("\(number) 0 obj\n".utf8) + objects[number]! + Array("endobj\n".utf8)
        }
        let xref = pdf.count
        pdf += Array("xref\n0 \(contents + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { pdf += Array((String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n").utf8) }
        pdf += Array("trailer\n<< /Size \(contents + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return pdf
    }

    static func mail(from: String, id: String, files: [(String, [UInt8])]) -> [UInt8] {
        var lines = ["Return-Path: <\(from)>", "From: <\(from)>", "To: secretariat@example.test", "Subject: Offer",
                     "Message-ID: <\(id)>", "Date: Mon, 20 Jun 2022 10:15:00 +0000", "MIME-Version: 1.0",
                     "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain; charset=utf-8", "",
                     "Dear Secretariat, please find my documents attached."]
        for (name, bytes) in files {
            lines += ["--b", "Content-Type: application/pdf; name=\"\(name)\"", "Content-Disposition: attachment; filename=\"\(name)\"",
                      "Content-Transfer-Encoding: base64", "", Data(bytes).base64EncodedString(options: .lineLength76Characters)]
        }
        lines.append("--b--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    @Test func aMessageInHandAtThreeDeathsIsQuarantinedAndIntakeGoesOn() async throws {
        let (tag, config, database) = try Self.newFolder()
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "swift build first")

        let pdf = Self.nestedFormsPDF()
        let poison = Self.mail(from: "poison+\(tag)@example.test", id: "poison-\(tag)@x",
                               files: [("CV.pdf", pdf), ("Letter of intent.pdf", pdf), ("Workplan.pdf", pdf), ("Financial offer.pdf", pdf)])
        let honest = Self.mail(from: "applicant1+\(tag)@example.test", id: "honest-\(tag)@x",
                               files: [("CV.pdf", Array("%PDF-1.4 an honest CV".utf8))])
        try LoopbackMail.deliver(poison, user: "secretariat", folder: tag, receivedAt: 1_655_720_000)
        try LoopbackMail.deliver(honest, user: "secretariat", folder: tag, receivedAt: 1_655_720_100)

        let journal = InFlightJournal.path(database: database)
        for death in 1...MailboxSync.deathsBeforeQuarantine {
            let daemon = try Self.start(["run", "--config", config])
            // Killed as soon as the poison is in hand (its `+` line written), as an OOM kill would.
            let inHand = try await Self.waitFor(seconds: 60) {
                ((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").hasPrefix("+")
            }
            #expect(inHand, "death \(death): the poison message was never in hand")
            try await Task.sleep(for: .milliseconds(300))
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
            let opened = try OfferDatabase.open(path: database)
            #expect(try opened.counts()["offer"] == 0, "death \(death): intake is stuck behind the poison (nothing stored yet)")
        }

        let last = try Self.start(["run", "--once", "--config", config])
        let finished = try await Self.waitFor(seconds: 60) { !last.isRunning }
        if !finished { kill(last.processIdentifier, SIGKILL) }
        #expect(finished && last.terminationStatus == 0, "run --once after the deaths")

        let opened = try OfferDatabase.open(path: database)
        let waiting = try opened.reviews()
        #expect(waiting.map(\.review.kind) == [.quarantined])
        #expect(waiting.first?.review.reason.contains("died 3 times") == true)
        #expect(try opened.offers().map(\.applicantAddress) == ["applicant1+\(tag.lowercased())@example.test"], "intake went on")
        let locations = try opened.unflaggedLocations(mailboxKey: "secretariat@imaps://127.0.0.1:10993/\(tag)")
        #expect(locations.isEmpty, "the quarantined copy is flagged on the server too: never fetched again by itself")

        // Never retried by itself: another cycle leaves it as it is.
        let again = try Self.start(["run", "--once", "--config", config])
        _ = try await Self.waitFor(seconds: 60) { !again.isRunning }
        #expect(try opened.reviews().count == 1)
        #expect(try opened.counts()["message"] == 2)

        // A person lists it: `offerbox pending` names it, and `check-config` warns of it.
        let pending = try Self.output(["pending", "--config", config])
        #expect(pending.contains("quarantined"))
    }

    /// Issue 9 (shutdown order): SIGTERM while a message is in hand; the daemon finishes it, then
    /// the outbox's last flush sends its reply, then the process exits 0. With the services in
    /// the old order the outbox stopped first and the reply waited for the next start.
    @Test func aStopFinishesTheMessageInHandAndSendsItsReplyBeforeExiting() async throws {
        let (tag, config, database) = try Self.newFolder()
        let slow = Self.mail(from: "applicant1+\(tag)@example.test", id: "slow-\(tag)@x",
                             files: [("CV.pdf", Self.nestedFormsPDF()), ("Letter of intent.pdf", Array("%PDF-1.4 letter".utf8))])
        try LoopbackMail.deliver(slow, user: "secretariat", folder: tag, receivedAt: 1_655_720_000)

        let daemon = try Self.start(["run", "--config", config])
        let journal = InFlightJournal.path(database: database)
        let inHand = try await Self.waitFor(seconds: 60) {
            ((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").hasPrefix("+")
        }
        #expect(inHand)
        try await Task.sleep(for: .milliseconds(300))
        kill(daemon.processIdentifier, SIGTERM)
        let exited = try await Self.waitFor(seconds: 80) { !daemon.isRunning }
        if !exited { kill(daemon.processIdentifier, SIGKILL) }
        #expect(exited && daemon.terminationStatus == 0, "a clean stop")
        let opened = try OfferDatabase.open(path: database)
        let offer = try #require(try opened.offers().first)
        #expect(try opened.replies(offerID: offer.id!).map(\.state) == [.sent], "the reply went out before the process ended")
    }

    /// A new folder of the loopback Dovecot's secretariat, with a config reading it and a store of
    /// its own: (the folder's tag, config path, database path).
    static func newFolder() throws -> (tag: String, config: String, database: String) {
        #expect(LoopbackMail.started, "scripts/testing/mailserver start failed")
        let tag = LoopbackMail.newTag()
        LoopbackMail.createFolder(tag, user: "secretariat")
        let (config, database) = try configuration(tag: tag)
        return (tag, config, database)
    }

    /// A config for the loopback servers and a store in a folder of its own: (config path, database path).
    static func configuration(tag: String) throws -> (String, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-poison-\(tag)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("offers.sqlite").path
        let config = directory.appendingPathComponent("offerbox.toml").path
        try Data("""
            [call]
            reference = "POISON"
            title = "Poison test"
            deadline = 2022-06-27T23:00:00Z
            own_addresses = ["secretariat@example.test"]
            [[mailbox]]
            url = "imaps://127.0.0.1:10993/\(tag)"
            username = "secretariat"
            password_env = "OFFERBOX_POISON_PASSWORD"
            ca_file = "\(LoopbackMail.caFile)"
            poll_interval_seconds = 1
            [smtp]
            url = "smtp://127.0.0.1:10025"
            from = "Secretariat <secretariat@example.test>"
            ca_file = "\(LoopbackMail.caFile)"
            [store]
            database = "\(database)"
            """.utf8).write(to: URL(fileURLWithPath: config))
        return (config, database)
    }

    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OFFERBOX_POISON_PASSWORD"] = LoopbackMail.password
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func output(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func waitFor(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}
