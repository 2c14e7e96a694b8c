import Foundation
import Testing
@testable import MailTransport

/// How failures are reported, against the real Dovecot.
@Suite("IMAP errors against Dovecot", .timeLimit(.minutes(3)))
struct IMAPErrorIntegrationTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/testing/mailserver start failed") }

    static let quick = TransportTimeouts(connect: .seconds(3), response: .seconds(4), total: .seconds(5))

    /// Runs `status()` and returns the error with how long it took.
    private func statusError(_ configuration: IMAPConfiguration) async -> (MailTransportError?, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let client = try IMAPMailboxClient(configuration: configuration, logger: TestMailServer.logger)
            _ = try await client.status()
            return (nil, start.duration(to: clock.now))
        } catch {
            return (error, start.duration(to: clock.now))
        }
    }

    @Test("a wrong password is a configuration error (authenticationFailed) within 5 s")
    func wrongPassword() async throws {
        let mailbox = try TestMailServer.newMailbox()
        let (error, elapsed) = await statusError(TestMailServer.imapConfiguration(mailbox: mailbox, password: "wrong", timeouts: Self.quick))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.kind == .configuration)
        #expect(elapsed < .seconds(5))
    }

    @Test("a server certificate from an unknown CA is a configuration error (untrustedCertificate) within 5 s")
    func untrustedCA() async throws {
        let (error, elapsed) = await statusError(TestMailServer.imapConfiguration(mailbox: "INBOX", caFile: nil, timeouts: Self.quick))
        #expect(error?.code == .untrustedCertificate)
        #expect(error?.kind == .configuration)
        #expect(elapsed < .seconds(5))
    }

    @Test("a mailbox that does not exist is a configuration error (mailboxNotFound) within 5 s")
    func missingMailbox() async throws {
        let (error, elapsed) = await statusError(TestMailServer.imapConfiguration(mailbox: "NoSuchBox-\(UUID().uuidString)", timeouts: Self.quick))
        #expect(error?.code == .mailboxNotFound)
        #expect(error?.kind == .configuration)
        #expect(elapsed < .seconds(5))
    }

    @Test("nothing listening is a transient error (connectionFailed)")
    func connectionRefused() async throws {
        let (error, _) = await statusError(TestMailServer.imapConfiguration(mailbox: "INBOX", base: "imaps://127.0.0.1:10999", timeouts: Self.quick))
        #expect(error?.code == .connectionFailed)
        #expect(error?.kind == .transient)
    }

    @Test("imap:// to a server without STARTTLS fails (startTLSUnavailable) instead of falling back to plaintext")
    func noPlaintextFallback() async throws {
        let (error, _) = await statusError(TestMailServer.imapConfiguration(mailbox: "INBOX", base: TestMailServer.imapNoTLS, timeouts: Self.quick))
        #expect(error?.code == .startTLSUnavailable)
        #expect(error?.kind == .configuration)
        // The same server is usable when plaintext is explicitly allowed.
        let (allowed, _) = await statusError(TestMailServer.imapConfiguration(mailbox: "INBOX", base: TestMailServer.imapNoTLS, allowPlaintext: true, timeouts: Self.quick))
        #expect(allowed == nil)
    }

    @Test("imap:// with STARTTLS to a server that offers it works, verified against the CA file")
    func startTLSWorks() async throws {
        let mailbox = try TestMailServer.newMailbox()
        try TestMailServer.save(TestMessages.simple(subject: "starttls"), mailbox: mailbox)
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(mailbox: mailbox, base: TestMailServer.imapStartTLS), logger: TestMailServer.logger)
        let status = try await client.status()
        #expect(status.messages == 1)
        let message = try await client.fetch(uid: 1, uidValidity: status.uidValidity)
        #expect(message.bytes.count == message.info.size)
    }

    @Test("a UID that is gone is a per-message error, and the next message still fetches")
    func uidGone() async throws {
        let mailbox = try TestMailServer.newMailbox()
        try TestMailServer.save(TestMessages.simple(subject: "one"), mailbox: mailbox)
        try TestMailServer.save(TestMessages.simple(subject: "two"), mailbox: mailbox)
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(mailbox: mailbox), logger: TestMailServer.logger)
        let status = try await client.status()
        let infos = try await client.messageInfos(uids: [1, 2])
        try TestMailServer.expunge(uid: 1, mailbox: mailbox)
        await #expect(throws: MailTransportError.messageGoneForTests) {
            _ = try await client.fetch(infos[0], uidValidity: status.uidValidity)
        }
        do {
            _ = try await client.fetch(infos[0], uidValidity: status.uidValidity)
        } catch {
            #expect(error.kind == .perMessage)
        }
        let second = try await client.fetch(infos[1], uidValidity: status.uidValidity)
        #expect(String(decoding: second.bytes, as: UTF8.self).contains("Subject: two"))
    }

    @Test("a UIDVALIDITY change (mailbox recreated) shows in status and refuses fetches of old UIDs")
    func uidValidityChange() async throws {
        let mailbox = try TestMailServer.newMailbox()
        try TestMailServer.save(TestMessages.simple(subject: "before"), mailbox: mailbox)
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(mailbox: mailbox), logger: TestMailServer.logger)
        let before = try await client.status()
        try TestMailServer.doveadm(["mailbox", "delete", "-u", "test", mailbox])
        // Dovecot gives a new UIDVALIDITY only when the time moved on (it uses the clock).
        try await Task.sleep(for: .seconds(1.1))
        try TestMailServer.doveadm(["mailbox", "create", "-u", "test", mailbox])
        try TestMailServer.save(TestMessages.simple(subject: "after"), mailbox: mailbox)
        let after = try await client.status()
        #expect(after.uidValidity != before.uidValidity)
        await #expect(throws: MailTransportError.uidValidityChangedForTests) {
            _ = try await client.fetch(uid: 1, uidValidity: before.uidValidity)
        }
        let fresh = try await client.fetch(uid: 1, uidValidity: after.uidValidity)
        #expect(String(decoding: fresh.bytes, as: UTF8.self).contains("Subject: after"))
    }

    @Test("the IMAP process killed mid-fetch gives a transient error, and the next fetch succeeds")
    func serverKilledMidFetch() async throws {
        let user = "crash"  // its sessions are killed below: nobody else uses it
        let mailbox = try TestMailServer.newMailbox(user: user)
        var big = Array("From: a@example.test\r\nSubject: big\r\n\r\n".utf8)
        while big.count < 24_000_000 { big += Array("0123456789012345678901234567890123456789012345678901234567890123456789\r\n".utf8) }
        try TestMailServer.save(big, user: user, mailbox: mailbox)
        // Plain IMAP on the no-TLS listener: with TLS, imap-login proxies the stream and may
        // already hold the whole message when the imap process dies.
        var configuration = TestMailServer.imapConfiguration(
            user: user, mailbox: mailbox, base: TestMailServer.imapNoTLS, allowPlaintext: true,
            timeouts: TransportTimeouts(connect: .seconds(3), response: .seconds(4), total: .seconds(20)))
        configuration.maxReceiveBytesPerSecond = 8_000_000   // about 3 s per fetch: time to kill it midway
        let client = try IMAPMailboxClient(configuration: configuration, logger: TestMailServer.logger)
        let status = try await client.status()
        let info = try #require(try await client.messageInfos(uids: [1]).first)
        let fetch = Task { try await client.fetch(info, uidValidity: status.uidValidity) }
        try await Task.sleep(for: .milliseconds(700))
        _ = try TestMailServer.run("/usr/bin/pkill", ["-9", "-f", "/imap \\[\(user) "])
        let result = await fetch.result
        guard case .failure(let error) = result, let transport = error as? MailTransportError else {
            Issue.record("the fetch survived the kill")
            return
        }
        #expect(transport.kind == .transient)
        #expect([.connectionLost, .serverBye].contains(transport.code))
        let again = try await client.fetch(info, uidValidity: status.uidValidity)
        #expect(again.bytes == big)
    }

    @Test("a whole cycle (status, search, 30 fetches, mark) logs in exactly once")
    func oneLoginPerCycle() async throws {
        let user = "applicant3"
        let mailbox = try TestMailServer.newMailbox(user: user)
        for index in 0..<30 { try TestMailServer.save(TestMessages.simple(subject: "m\(index)"), user: user, mailbox: mailbox) }
        let logins = TestMailServer.loginCount(user: user)
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(user: user, mailbox: mailbox), logger: TestMailServer.logger)
        let status = try await client.status()
        let uids = try await client.newUIDs(after: 0, upTo: status.uidNext)
        #expect(uids.count == 30)
        for info in try await client.messageInfos(uids: uids) {
            _ = try await client.fetch(info, uidValidity: status.uidValidity)
        }
        let result = try await client.markStored(uids: uids, uidValidity: status.uidValidity)
        #expect(result.flagged == uids)
        // A new message between polls is seen on the reused connection (NOOP before SEARCH).
        try TestMailServer.save(TestMessages.simple(subject: "late"), user: user, mailbox: mailbox)
        let later = try await client.status()
        #expect(try await client.newUIDs(after: uids.last ?? 0, upTo: later.uidNext) == [31])
        #expect(TestMailServer.loginCount(user: user) - logins == 1)
    }
}

extension MailTransportError {
    static let messageGoneForTests = MailTransportError.perMessage(.messageGone, "")
    static let uidValidityChangedForTests = MailTransportError.transient(.uidValidityChanged, "")
}
