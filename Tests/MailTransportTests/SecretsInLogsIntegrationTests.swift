import Foundation
import Logging
import Synchronization
import Testing
@testable import MailTransport

/// Every login mechanism against the real servers with the wire log at trace level, the
/// log kept in memory: no password or token, raw or base64, may appear in it.
@Suite("No secret in the debug log, against Dovecot and Exim", .serialized, .timeLimit(.minutes(3)))
struct SecretsInLogsIntegrationTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/testing/mailserver start failed") }

    /// What a password or token could look like on the wire or in a log.
    static func forms(user: String, secret: String) -> [String] {
        [secret,
         Data("\0\(user)\0\(secret)".utf8).base64EncodedString(),
         Data(secret.utf8).base64EncodedString(),
         Data("user=\(user)\u{1}auth=Bearer \(secret)\u{1}\u{1}".utf8).base64EncodedString()]
    }

    @Test("IMAP with PLAIN, LOGIN and XOAUTH2, and SMTP with PLAIN and LOGIN: the log shows the exchange, never the secret")
    func noSecretInTraceLog() async throws {
        let log = LogCapture()
        let logger = log.logger()
        let mailbox = try TestMailServer.newMailbox()
        for mechanism in [PasswordMechanism.plain, .login, .automatic] {
            var configuration = TestMailServer.imapConfiguration(mailbox: mailbox)
            configuration.credentials = .password(.value(TestMailServer.password), mechanism: mechanism)
            let client = try IMAPMailboxClient(configuration: configuration, logger: logger)
            _ = try await client.status()
            await client.disconnect()
        }
        var oauth = TestMailServer.imapConfiguration(user: "oauth", mailbox: "INBOX", password: "unused")
        oauth.credentials = .xoauth2(token: .value(TestMailServer.oauthToken))
        let oauthClient = try IMAPMailboxClient(configuration: oauth, logger: logger)
        _ = try await oauthClient.status()
        await oauthClient.disconnect()
        for mechanism in [PasswordMechanism.plain, .login] {
            let smtp = try SMTPSender(
                configuration: SMTPConfiguration(url: TestMailServer.smtpStartTLS, username: "secretariat",
                                                 credentials: .password(.value(TestMailServer.password), mechanism: mechanism),
                                                 caFile: TestMailServer.caFile),
                logger: logger)
            try await smtp.verify()
        }

        let text = log.text
        // The log really holds the dialogue, so the checks below could fail.
        #expect(text.contains("AUTHENTICATE PLAIN"))
        #expect(text.contains("AUTHENTICATE XOAUTH2"))
        #expect(text.contains("AUTH PLAIN"))
        #expect(text.contains("AUTH LOGIN"))
        #expect(text.contains("<redacted>"))
        let secrets = Self.forms(user: "test", secret: TestMailServer.password)
            + Self.forms(user: "secretariat", secret: TestMailServer.password)
            + Self.forms(user: "oauth", secret: TestMailServer.oauthToken)
        for form in secrets {
            #expect(!text.contains(form), "the log contains \(form)")
        }
    }

    @Test("XOAUTH2: the token is read from its file at connect; a wrong one is a configuration error")
    func xoauth2FromFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("not-the-token\n".utf8).write(to: file)
        var configuration = TestMailServer.imapConfiguration(user: "oauth", mailbox: "INBOX", password: "unused")
        configuration.credentials = .xoauth2(token: .file(file.path))
        do {
            _ = try await IMAPMailboxClient(configuration: configuration, logger: TestMailServer.logger).status()
            Issue.record("logged in with a wrong token")
        } catch {
            #expect(error.code == .authenticationFailed)
            #expect(error.kind == .configuration)
        }
        // The token was renewed in its file: the next connection reads the new one.
        try Data("\(TestMailServer.oauthToken)\n".utf8).write(to: file)
        let status = try await IMAPMailboxClient(configuration: configuration, logger: TestMailServer.logger).status()
        #expect(status.uidValidity > 0)
    }
}

/// A log handler that keeps every message in memory.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger() -> Logger {
        var logger = Logger(label: "offerbox.test.capture") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = self.metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(all)\(event.error.map { " \($0)" } ?? "")")
        }
    }
}
