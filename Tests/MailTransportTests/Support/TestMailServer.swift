import Foundation
import Logging
@testable import MailTransport

/// The real Dovecot + Exim of `scripts/testing/mailserver`, started on first use (idempotent).
enum TestMailServer {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repository.appendingPathComponent(".mailserver")
    static var caFile: String { directory.appendingPathComponent("tls/ca.crt").path }
    static var dovecotConfig: String { directory.appendingPathComponent("dovecot.conf").path }
    static var dovecotLog: String { directory.appendingPathComponent("log/dovecot.log").path }
    static let password = "secret"
    static let oauthToken = "offerbox-test-token"

    static let imaps = "imaps://127.0.0.1:10993"
    static let imapStartTLS = "imap://127.0.0.1:10143"
    static let imapNoTLS = "imap://127.0.0.2:10143"
    static let smtpStartTLS = "smtp://127.0.0.1:10025"
    static let smtps = "smtps://127.0.0.1:10465"
    static let smtpNoTLS = "smtp://127.0.0.1:10026"

    private static let started: Bool = {
        (try? run(repository.appendingPathComponent("scripts/testing/mailserver").path, ["start"]).status) == 0
    }()

    /// Starts the servers if needed; true when they run.
    static func ensureRunning() -> Bool { started }

    static func restart() throws {
        _ = try run(repository.appendingPathComponent("scripts/testing/mailserver").path, ["start"])
    }

    // MARK: mailbox fixtures through doveadm (server side, not IMAP)

    /// A fresh, uniquely named mailbox, so tests can run in parallel.
    static func newMailbox(user: String = "test", prefix: String = "T") throws -> String {
        let name = "\(prefix)-\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF)"
        try doveadm(["mailbox", "create", "-u", user, name])
        return name
    }

    static func save(_ bytes: [UInt8], user: String = "test", mailbox: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-\(UUID().uuidString).eml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try doveadm(["save", "-u", user, "-m", mailbox], stdinFile: file.path)
    }

    /// `doveadm fetch` of one field for every message, as "uid value" lines.
    static func fetchField(_ field: String, user: String = "test", mailbox: String) throws -> String {
        let result = try doveadm(["-f", "tab", "fetch", "-u", user, "uid \(field)", "mailbox", mailbox, "all"])
        return String(decoding: result, as: UTF8.self)
    }

    static func flags(uid: UInt32, user: String = "test", mailbox: String) throws -> [String] {
        let result = try doveadm(["-f", "tab", "fetch", "-u", user, "flags", "mailbox", mailbox, "uid", "\(uid)"])
        let lines = String(decoding: result, as: UTF8.self).split(separator: "\n")
        guard lines.count >= 2 else { return [] }
        return lines[1].split(separator: " ").map(String.init)
    }

    static func setFlags(_ flags: String, uid: UInt32, user: String = "test", mailbox: String) throws {
        try doveadm(["flags", "add", "-u", user, flags, "mailbox", mailbox, "uid", "\(uid)"])
    }

    static func expunge(uid: UInt32, user: String = "test", mailbox: String) throws {
        try doveadm(["expunge", "-u", user, "mailbox", mailbox, "uid", "\(uid)"])
    }

    /// Ends every IMAP session of `user` from the server's side. `doveadm kick` first; on some
    /// kernels (seen on a Firecracker VM) it ends none and Dovecot's imap processes do not act on
    /// SIGTERM either, so what is left is killed, as a crashed or restarted server would drop it.
    static func kick(user: String) throws {
        _ = try? doveadm(["kick", user])
        _ = try run("/usr/bin/pkill", ["-KILL", "-f", "/imap \\[\(user) "])
    }

    static func loginCount(user: String) -> Int {
        guard let text = try? String(contentsOfFile: dovecotLog, encoding: .utf8) else { return -1 }
        return text.split(separator: "\n").filter { $0.contains("Login: user=<\(user)>") }.count
    }

    @discardableResult
    static func doveadm(_ arguments: [String], stdinFile: String? = nil) throws -> [UInt8] {
        let result = try run("/usr/bin/doveadm", ["-c", dovecotConfig] + arguments, stdinFile: stdinFile)
        guard result.status == 0 else {
            throw TestFailure("doveadm \(arguments.joined(separator: " ")) exited \(result.status): \(String(decoding: result.stderr, as: UTF8.self))")
        }
        return result.stdout
    }

    /// BODY.PEEK[] of one message through Python's imaplib: an independent IMAP client.
    static func imaplibReference(user: String = "test", mailbox: String, uid: UInt32) throws -> [UInt8] {
        let script = """
        import imaplib, ssl, sys
        c = ssl.create_default_context(cafile=sys.argv[1])
        m = imaplib.IMAP4_SSL('127.0.0.1', 10993, ssl_context=c)
        m.login(sys.argv[2], sys.argv[3]); m.select('"' + sys.argv[4] + '"', readonly=True)
        t, d = m.uid('FETCH', sys.argv[5], '(BODY.PEEK[])')
        sys.stdout.buffer.write(d[0][1]); m.logout()
        """
        let result = try run("/usr/bin/python3", ["-c", script, caFile, user, password, mailbox, "\(uid)"])
        guard result.status == 0 else { throw TestFailure("imaplib failed: \(String(decoding: result.stderr, as: UTF8.self))") }
        return result.stdout
    }

    /// Runs a command to its end. Output goes to files, not pipes: a daemon the command starts
    /// (`scripts/testing/mailserver start`) inherits them, and a pipe would not reach end-of-file until it exits.
    static func run(_ executable: String, _ arguments: [String], stdinFile: String? = nil) throws -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-run-\(UUID().uuidString)")
        let outFile = scratch.appendingPathExtension("out"), errFile = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = try FileHandle(forWritingTo: outFile), err = try FileHandle(forWritingTo: errFile)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdinFile.flatMap { FileHandle(forReadingAtPath: $0) } ?? FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, Array(try Data(contentsOf: outFile)), Array(try Data(contentsOf: errFile)))
    }

    // MARK: client configurations

    static func imapConfiguration(
        user: String = "test", mailbox: String, base: String = imaps, password: String = password,
        caFile: String? = caFile, allowPlaintext: Bool = false, timeouts: TransportTimeouts = .default
    ) -> IMAPConfiguration {
        IMAPConfiguration(
            url: "\(base)/\(PercentEncoding.encodePath(mailbox))", username: user,
            credentials: .password(.value(password)), caFile: caFile, allowPlaintext: allowPlaintext, timeouts: timeouts)
    }

    static let logger: Logger = {
        var logger = Logger(label: "offerbox.test.transport")
        logger.logLevel = .warning
        return logger
    }()
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Test message bytes, CRLF throughout (what an IMAP server serves).
enum TestMessages {
    static func simple(subject: String, body: String = "Hello.") -> [UInt8] {
        Array("From: Awa Diallo <awa@example.test>\r\nTo: secretariat@example.test\r\nSubject: \(subject)\r\nMessage-ID: <\(UUID().uuidString)@example.test>\r\n\r\n\(body)\r\n".utf8)
    }
}
