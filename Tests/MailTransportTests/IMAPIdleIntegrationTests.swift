import Foundation
import Testing
@testable import MailTransport

/// Push over IDLE against the real Dovecot, mail delivered through the real Exim.
@Suite("IMAP IDLE against Dovecot")
struct IMAPIdleIntegrationTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/mailserver start failed") }

    @Test("a message delivered over SMTP is fetched within 1.5 s (p95 of 20), across IDLE re-issues")
    func idleWakeUpLatency() async throws {
        let user = "applicant1"
        let mailbox = try TestMailServer.newMailbox(user: user, prefix: "Idle")
        let configuration = TestMailServer.imapConfiguration(user: user, mailbox: mailbox)
        // Re-issue every 2 s instead of 25 min, so the test crosses several DONE/IDLE rounds.
        let watcher = try IMAPIdleWatcher(configuration: configuration, logger: TestMailServer.logger, reissueInterval: .seconds(2))
        let client = try IMAPMailboxClient(configuration: configuration, logger: TestMailServer.logger)
        let sender = try SMTPSender(
            configuration: SMTPConfiguration(url: TestMailServer.smtpStartTLS, caFile: TestMailServer.caFile), logger: TestMailServer.logger)
        var events = watcher.events().makeAsyncIterator()
        #expect(await events.next() == .idling)
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        var lastUID: UInt32 = 0
        for index in 0..<20 {
            let subject = "idle \(index)"
            let start = clock.now
            let result = try await sender.send(TestMessages.simple(subject: subject), from: "", to: ["\(user)+\(mailbox)@example.test"])
            #expect(result.allAccepted)
            var fetched: IMAPMessage?
            while fetched == nil, let event = await events.next() {
                guard case .newMail = event else { continue }
                let status = try await client.status()
                for uid in try await client.newUIDs(after: lastUID, upTo: status.uidNext) {
                    fetched = try await client.fetch(uid: uid, uidValidity: status.uidValidity)
                    lastUID = uid
                }
            }
            latencies.append(start.duration(to: clock.now))
            #expect(fetched.map { String(decoding: $0.bytes, as: UTF8.self).contains("Subject: \(subject)\r\n") } == true)
        }
        let sorted = latencies.sorted()
        let p95 = sorted[18]  // nearest rank: ceil(0.95 × 20) = 19th
        print("IDLE latency ms: min \(sorted[0].milliseconds) median \(sorted[10].milliseconds) p95 \(p95.milliseconds) max \(sorted[19].milliseconds)")
        #expect(p95 < .milliseconds(1500))
    }

    @Test("the watcher reports a lost connection, then polls, then idles again after Dovecot kicks it")
    func idleSurvivesDisconnect() async throws {
        let user = "partnerships"  // kicked below: nobody else uses it
        let mailbox = try TestMailServer.newMailbox(user: user, prefix: "Idle")
        let watcher = try IMAPIdleWatcher(configuration: TestMailServer.imapConfiguration(user: user, mailbox: mailbox), logger: TestMailServer.logger)
        var events = watcher.events().makeAsyncIterator()
        #expect(await events.next() == .idling)
        try TestMailServer.kick(user: user)
        guard case .connectionLost(let error)? = await events.next() else {
            Issue.record("no connectionLost event")
            return
        }
        #expect(error.kind == .transient)
        #expect(await events.next() == .poll)
        #expect(await events.next() == .idling)
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
