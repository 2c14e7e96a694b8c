import Foundation
import Testing
@testable import MailTransport

/// Push over IDLE against the real Dovecot, mail delivered through the real Exim.
@Suite("IMAP IDLE against Dovecot", .timeLimit(.minutes(8)))
struct IMAPIdleIntegrationTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/testing/mailserver start failed") }

    // The issue's target: a delivered message fetched within 1.5 s, p95 of 20. (Earlier runs saw a
    // few deliveries wait 30 s: that was the test Exim queueing the 11th and later messages of one
    // SMTP connection for its next queue run, not IDLE; scripts/testing/mailserver now delivers at once.)
    // Most of each latency is Dovecot's own: its source holds a change for NOTIFY_DELAY_MSECS
    // (500 ms) before it tells an idling client, to batch changes (measured here: 478-501 ms at
    // the fastest, ~530 ms median); the rest is ours and Exim's.
    @Test("20 messages delivered over SMTP are each fetched within 1.5 s at the 95th percentile, while IDLE is held")
    func idleWakeUpLatency() async throws {
        let user = "applicant1"
        let mailbox = try TestMailServer.newMailbox(user: user, prefix: "Idle")
        let configuration = TestMailServer.imapConfiguration(user: user, mailbox: mailbox)
        let watcher = try IMAPIdleWatcher(configuration: configuration, logger: TestMailServer.logger)
        defer { watcher.stop() }
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
        let median = sorted[sorted.count / 2]
        let p95 = sorted[18]  // the 19th of 20
        print("IDLE latency ms over 20: min \(sorted[0].milliseconds) median \(median.milliseconds) p95 \(p95.milliseconds) max \(sorted[sorted.count - 1].milliseconds)")
        #expect(latencies.count == 20)
        #expect(p95 < .milliseconds(1500))
        #expect(sorted[sorted.count - 1] < .seconds(65), "the poll fallback bounds the worst case")
    }

    @Test("the watcher reports a lost connection, then polls, then idles again after Dovecot kicks it")
    func idleSurvivesDisconnect() async throws {
        let user = "partnerships"  // kicked below: nobody else uses it
        let mailbox = try TestMailServer.newMailbox(user: user, prefix: "Idle")
        let watcher = try IMAPIdleWatcher(configuration: TestMailServer.imapConfiguration(user: user, mailbox: mailbox), logger: TestMailServer.logger)
        defer { watcher.stop() }
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
