import Foundation
import Testing
@testable import MailTransport

/// Throughput of list + fetch over IMAPS on loopback. scripts/bench-imap runs it on its
/// big mailboxes (OFFERBOX_BENCH_SMALL / OFFERBOX_BENCH_LARGE name them, user `bench`);
/// without them it measures 300 small messages it saves itself.
@Suite("IMAP throughput against Dovecot", .timeLimit(.minutes(3)))
struct IMAPThroughputTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/mailserver start failed") }

    private func measure(user: String, mailbox: String) async throws -> (messages: Int, bytes: Int, seconds: Double) {
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(user: user, mailbox: mailbox), logger: TestMailServer.logger)
        let clock = ContinuousClock()
        let start = clock.now
        let status = try await client.status()
        var last: UInt32 = 0
        var count = 0, bytes = 0
        while true {
            let uids = try await client.newUIDs(after: last, upTo: status.uidNext, limit: 1000)
            guard let highest = uids.last else { break }
            for info in try await client.messageInfos(uids: uids) {
                let message = try await client.fetch(info, uidValidity: status.uidValidity)
                count += 1
                bytes += message.bytes.count
            }
            last = highest
        }
        let elapsed = start.duration(to: clock.now)
        return (count, bytes, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test("listing and fetching small messages runs at over 1,000 messages/s on one connection")
    func smallMessages() async throws {
        let environment = ProcessInfo.processInfo.environment
        let user: String, mailbox: String, expected: Int
        if let bench = environment["OFFERBOX_BENCH_SMALL"] {
            (user, mailbox, expected) = ("bench", bench, Int(environment["OFFERBOX_BENCH_SMALL_COUNT"] ?? "") ?? 2000)
        } else {
            (user, mailbox, expected) = ("test", try TestMailServer.newMailbox(), 300)
            for index in 0..<expected { try TestMailServer.save(TestMessages.simple(subject: "small \(index)", body: String(repeating: "text ", count: 300)), mailbox: mailbox) }
        }
        _ = try await measure(user: user, mailbox: mailbox)  // warm Dovecot's index
        let result = try await measure(user: user, mailbox: mailbox)
        print("BENCH offerbox small: \(result.messages) msgs, \(result.bytes) bytes, \(String(format: "%.3f", result.seconds)) s, \(String(format: "%.0f", Double(result.messages) / result.seconds)) msgs/s, \(String(format: "%.1f", Double(result.bytes) / result.seconds / 1e6)) MB/s")
        #expect(result.messages == expected)
        #expect(Double(result.messages) / result.seconds > 1000)
    }

    @Test("large messages stream at over 50 MB/s")
    func largeMessages() async throws {
        let environment = ProcessInfo.processInfo.environment
        let user: String, mailbox: String, expected: Int
        if let bench = environment["OFFERBOX_BENCH_LARGE"] {
            (user, mailbox, expected) = ("bench", bench, Int(environment["OFFERBOX_BENCH_LARGE_COUNT"] ?? "") ?? 50)
        } else {
            (user, mailbox, expected) = ("test", try TestMailServer.newMailbox(), 5)
            var big = Array("From: a@example.test\r\nSubject: large\r\n\r\n".utf8)
            while big.count < 5_000_000 { big += Array("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".utf8) }
            for _ in 0..<expected { try TestMailServer.save(big, mailbox: mailbox) }
        }
        _ = try await measure(user: user, mailbox: mailbox)
        let result = try await measure(user: user, mailbox: mailbox)
        print("BENCH offerbox large: \(result.messages) msgs, \(result.bytes) bytes, \(String(format: "%.3f", result.seconds)) s, \(String(format: "%.1f", Double(result.messages) / result.seconds)) msgs/s, \(String(format: "%.1f", Double(result.bytes) / result.seconds / 1e6)) MB/s")
        #expect(result.messages == expected)
        #expect(Double(result.bytes) / result.seconds > 50e6)
    }
}
