import Foundation
import Synchronization
import Testing
@testable import MailTransport

/// Sending through the real Exim, reading the result back from Dovecot over IMAP.
@Suite("SMTP against Exim", .timeLimit(.minutes(3)))
struct SMTPIntegrationTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/testing/mailserver start failed") }

    private func sender(_ url: String = TestMailServer.smtpStartTLS, authenticated: Bool = true) throws -> SMTPSender {
        try SMTPSender(
            configuration: SMTPConfiguration(
                url: url, username: authenticated ? "secretariat" : nil,
                credentials: authenticated ? .password(.value(TestMailServer.password)) : nil,
                caFile: TestMailServer.caFile,
                timeouts: TransportTimeouts(connect: .seconds(3), response: .seconds(5), total: .seconds(10))),
            logger: TestMailServer.logger)
    }

    /// Waits until Exim delivered `count` messages into `mailbox` of user test and returns them.
    func readBack(_ mailbox: String, count: Int = 1) async throws -> [IMAPMessage] {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while clock.now < deadline {
            let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(mailbox: mailbox), logger: TestMailServer.logger)
            if let status = try? await client.status(), status.messages >= count {
                var messages: [IMAPMessage] = []
                for uid in try await client.newUIDs(after: 0, upTo: status.uidNext) {
                    messages.append(try await client.fetch(uid: uid, uidValidity: status.uidValidity))
                }
                return messages
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("nothing arrived in \(mailbox)")
    }

    @Test("an LF-only message with dot lines arrives intact and CRLF-normalised, from the null sender <>")
    func nullSenderAndDotLines() async throws {
        let folder = "S-\(UInt32.random(in: 0...UInt32.max))"
        let message = Array("From: ASToN Secretariat <secretariat@example.test>\nTo: test@example.test\nSubject: ack\nAuto-Submitted: auto-replied\n\nfirst line\n.\n.leading dot\n..two dots\nlast line\n".utf8)
        let result = try await sender().send(message, from: "", to: ["test+\(folder)@example.test"])
        #expect(result.allAccepted)
        #expect(result.recipients.first?.replyCode == 250)
        let delivered = try #require(try await readBack(folder).first)
        // Exim and Dovecot prepend trace headers; everything after them is our message, in CRLF.
        let expected = CRLFNormalizer.normalize(message)
        #expect(Array(delivered.bytes.suffix(expected.count)) == expected)
        #expect(String(decoding: delivered.bytes, as: UTF8.self).hasPrefix("Return-Path: <>\r\n"))
    }

    @Test("one send to an accepted, a 550 and a 451 recipient reports each: accepted, permanent, temporary")
    func perRecipientResults() async throws {
        let folder = "S-\(UInt32.random(in: 0...UInt32.max))"
        let good = "test+\(folder)@example.test"
        let result = try await sender(TestMailServer.smtps).send(
            TestMessages.simple(subject: "mixed"), from: "secretariat@example.test",
            to: [good, "reject@example.test", "tempfail@example.test"])
        #expect(result.recipients.map(\.outcome) == [.accepted, .permanentFailure, .temporaryFailure])
        #expect(result.recipients.map(\.replyCode) == [250, 550, 451])
        #expect(result.accepted == [good])
        #expect(try await readBack(folder).count == 1)
    }

    @Test("all recipients refused is a result, not an error, with 5xx and 4xx told apart")
    func allRefused() async throws {
        let result = try await sender().send(TestMessages.simple(subject: "refused"), from: "secretariat@example.test",
                                             to: ["reject@example.test", "tempfail@example.test"])
        #expect(result.recipients.map(\.outcome) == [.permanentFailure, .temporaryFailure])
        #expect(result.accepted.isEmpty)
        // The connection is still usable afterwards.
        let folder = "S-\(UInt32.random(in: 0...UInt32.max))"
        let again = try await sender().send(TestMessages.simple(subject: "after"), from: "", to: ["test+\(folder)@example.test"])
        #expect(again.allAccepted)
    }

    @Test("onDataSent and onAccepted run once, before send returns, when the end of DATA is taken, with the recipients taken; never when every recipient is refused")
    func acceptanceIsReportedAsItHappens() async throws {
        let calls = Counter(), dataSent = Counter()
        let smtp = try sender()
        let folder = "S-\(UInt32.random(in: 0...UInt32.max))"
        let taken = try await smtp.send(TestMessages.simple(subject: "taken"), from: "", to: ["test+\(folder)@example.test"],
                                        onDataSent: { dataSent.increment() },
                                        onAccepted: { recipients in
                                            if recipients == ["test+\(folder)@example.test"] { calls.increment() }
                                        })
        #expect(taken.allAccepted)
        #expect(calls.value == 1)
        #expect(dataSent.value == 1)
        let refused = try await smtp.send(TestMessages.simple(subject: "refused"), from: "", to: ["reject@example.test"],
                                          onDataSent: { dataSent.increment() }, onAccepted: { _ in calls.increment() })
        #expect(refused.accepted.isEmpty)
        #expect(calls.value == 1)
        #expect(dataSent.value == 1)
        // One recipient refused, one taken: the message is taken for the second only.
        let mixed = try await smtp.send(TestMessages.simple(subject: "mixed"), from: "", to: ["tempfail@example.test", "test+\(folder)@example.test"],
                                        onDataSent: { dataSent.increment() },
                                        onAccepted: { recipients in
                                            if recipients == ["test+\(folder)@example.test"] { calls.increment() }
                                        })
        #expect(mixed.accepted == ["test+\(folder)@example.test"])
        #expect(calls.value == 2)
        #expect(dataSent.value == 2)
    }

    @Test("smtp:// to a server that does not offer STARTTLS fails; nothing is sent in clear")
    func noPlaintextFallback() async throws {
        let folder = "S-\(UInt32.random(in: 0...UInt32.max))"
        await #expect(throws: MailTransportError.startTLSUnavailableForTests) {
            _ = try await sender(TestMailServer.smtpNoTLS).send(TestMessages.simple(subject: "clear"), from: "", to: ["test+\(folder)@example.test"])
        }
        try await Task.sleep(for: .milliseconds(500))
        let status = try? await IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(mailbox: folder), logger: TestMailServer.logger).status()
        #expect(status == nil, "the mailbox must not even exist")
    }

    @Test("a wrong SMTP password is a configuration error (authenticationFailed)")
    func wrongPassword() async throws {
        let bad = try SMTPSender(
            configuration: SMTPConfiguration(url: TestMailServer.smtpStartTLS, username: "secretariat",
                                             credentials: .password(.value("wrong")), caFile: TestMailServer.caFile),
            logger: TestMailServer.logger)
        do {
            _ = try await bad.send(TestMessages.simple(subject: "x"), from: "", to: ["test@example.test"])
            Issue.record("sent with a wrong password")
        } catch {
            #expect(error.code == .authenticationFailed)
            #expect(error.kind == .configuration)
        }
    }
}

extension SMTPIntegrationTests {
    @Test("verify logs in over STARTTLS and implicit TLS and sends nothing; a wrong password or an unknown CA is a configuration error")
    func verifyChecksWithoutSending() async throws {
        try await sender().verify()
        try await sender(TestMailServer.smtps).verify()
        let wrongPassword = try SMTPSender(
            configuration: SMTPConfiguration(url: TestMailServer.smtpStartTLS, username: "secretariat",
                                             credentials: .password(.value("wrong")), caFile: TestMailServer.caFile),
            logger: TestMailServer.logger)
        let unknownCA = try SMTPSender(
            configuration: SMTPConfiguration(url: TestMailServer.smtps, username: "secretariat",
                                             credentials: .password(.value(TestMailServer.password)), caFile: nil),
            logger: TestMailServer.logger)
        for (probe, expected) in [(wrongPassword, MailTransportError.Code.authenticationFailed), (unknownCA, .untrustedCertificate)] {
            do {
                try await probe.verify()
                Issue.record("verify passed; expected \(expected)")
            } catch {
                #expect(error.code == expected)
                #expect(error.kind == .configuration)
            }
        }
        await #expect(throws: MailTransportError.self) {
            try await SMTPSender(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:1", caFile: TestMailServer.caFile),
                                 logger: TestMailServer.logger).verify()
        }
    }
}

extension SMTPIntegrationTests {
    @Test("a server that answers MAIL FROM with 421 after 3 messages per connection gets all 7, each once, over new connections")
    func connectionLimitOpensANewConnection() async throws {
        let folder = "S-\(UInt32.random(in: 0...UInt32.max))"
        let plain = try SMTPSender(
            configuration: SMTPConfiguration(url: TestMailServer.smtpNoTLS, allowPlaintext: true,
                                             timeouts: TransportTimeouts(connect: .seconds(3), response: .seconds(5), total: .seconds(10))),
            logger: TestMailServer.logger)
        for index in 0..<7 {
            let result = try await plain.send(TestMessages.simple(subject: "limit \(index)"), from: "", to: ["test+\(folder)@example.test"])
            #expect(result.allAccepted, "message \(index)")
        }
        let delivered = try await readBack(folder, count: 7)
        let subjects = delivered.compactMap { message in
            String(decoding: message.bytes, as: UTF8.self).split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }
        }
        #expect(subjects.count == 7)
        #expect(Set(subjects).count == 7)
    }
}

extension MailTransportError {
    static let startTLSUnavailableForTests = MailTransportError.configuration(.startTLSUnavailable, "")
}

/// A thread-safe call counter for callbacks that run on the sender's queue.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
