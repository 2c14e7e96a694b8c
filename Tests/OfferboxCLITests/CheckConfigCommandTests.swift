import Foundation
import Testing

/// `offerbox check-config` against the loopback Dovecot and Exim of `scripts/testing/mailserver`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct CheckConfigCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init() throws {
        let start = Process()
        start.executableURL = Self.repository.appendingPathComponent("scripts/testing/mailserver")
        start.arguments = ["start"]
        start.standardOutput = FileHandle.nullDevice
        start.standardError = FileHandle.nullDevice
        try start.run()
        start.waitUntilExit()
        #expect(start.terminationStatus == 0, "scripts/testing/mailserver start failed")
    }

    /// A configuration file for one mailbox; returns its path.
    static func writeConfiguration(password: String, imapPort: Int = 10993, smtpPort: Int = 10025,
                                   database: String? = nil) throws -> (directory: URL, path: String) {
        let directory = try ParseCommandTests.temporaryDirectory()
        let passwordFile = directory.appendingPathComponent("password")
        try Data(password.utf8).write(to: passwordFile)
        let ca = repository.appendingPathComponent(".mailserver/tls/ca.crt").path
        let text = """
            [call]
            reference = "CHECK"
            title = "check-config test"
            deadline = 2022-06-27T23:00:00Z
            own_addresses = ["secretariat@example.test"]
            [[mailbox]]
            url = "imaps://127.0.0.1:\(imapPort)/INBOX"
            username = "secretariat"
            password_file = "\(passwordFile.path)"
            ca_file = "\(ca)"
            [smtp]
            url = "smtp://127.0.0.1:\(smtpPort)"
            from = "Secretariat <secretariat@example.test>"
            ca_file = "\(ca)"
            [store]
            database = "\(database ?? directory.appendingPathComponent("offers.sqlite").path)"

            """
        let path = directory.appendingPathComponent("offerbox.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    static func lines(_ run: ParseCommandTests.Run, starting prefix: String) -> [String] {
        run.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }

    @Test func aGoodConfigurationLogsInEverywhereAndExitsZero() throws {
        let (directory, path) = try Self.writeConfiguration(password: "secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try ParseCommandTests.run(["check-config", "--config", path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(Self.lines(run, starting: "ok").count == 7, "\(run.stdout)")  // config, templates, pdf, store, files, mailbox, smtp
        #expect(run.stdout.contains("secretariat at imaps://127.0.0.1:10993/INBOX: logged in"))
        // No [replies] table: the templates built into the binary are used and reported.
        #expect(Self.lines(run, starting: "ok      templates").first?.contains("acknowledgment built in") == true, "\(run.stdout)")
        // The worker built beside the binary passes its self-test (it reads a PDF confined), so it reads PDFs.
        #expect(Self.lines(run, starting: "ok      pdf").first?.contains("offerbox-pdf-worker: passed its self-test") == true, "\(run.stdout)")
        // It creates nothing: the store is only checked for being creatable.
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("offers.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("offers.sqlite.files").path))
    }

    @Test func aWrongPasswordIsAConfigurationErrorThatNeverShowsThePassword() throws {
        let (directory, path) = try Self.writeConfiguration(password: "not-the-Secret-42")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try ParseCommandTests.run(["check-config", "--config", path])
        #expect(run.status == 78)
        #expect(Self.lines(run, starting: "WRONG").first?.contains("authenticationFailed") == true, "\(run.stdout)")
        #expect(!(run.stdout + run.stderr).contains("not-the-Secret-42"))
    }

    @Test func aServerThatDoesNotAnswerFailsWithStatusOne() throws {
        let (directory, path) = try Self.writeConfiguration(password: "secret", smtpPort: 1)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try ParseCommandTests.run(["check-config", "--config", path])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(Self.lines(run, starting: "FAILED").first?.hasPrefix("FAILED  smtp") == true, "\(run.stdout)")
    }

    @Test func aTemplatesFolderThatDoesNotExistIsWrong() throws {
        let (directory, path) = try Self.writeConfiguration(password: "secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOfFile: path, encoding: .utf8) + "[replies]\ntemplates = \"/nonexistent-offerbox/templates\"\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let run = try ParseCommandTests.run(["check-config", "--config", path])
        #expect(run.status == 78)
        #expect(Self.lines(run, starting: "WRONG   templates").first?.contains("/nonexistent-offerbox/templates") == true, "\(run.stdout)")
    }

    @Test func aPasswordInTheMailboxURLIsRefusedWithoutBeingShown() throws {
        let (directory, path) = try Self.writeConfiguration(password: "secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "imaps://127.0.0.1", with: "imaps://secretariat:hunter2-secret@127.0.0.1")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let run = try ParseCommandTests.run(["check-config", "--config", path])
        #expect(run.status == 78)
        #expect(run.stderr.contains("mailbox[1].url"), "\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains("hunter2"))
    }

    @Test func aStoreFolderThatDoesNotExistIsReported() throws {
        let (directory, path) = try Self.writeConfiguration(password: "secret", database: "/nonexistent-offerbox/offers.sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try ParseCommandTests.run(["check-config", "--config", path])
        #expect(run.status == 78)
        #expect(Self.lines(run, starting: "WRONG").first?.contains("store") == true, "\(run.stdout)")
    }
}
