import Foundation
import Testing
@testable import MailTransport

/// List + fetch of a whole mailbox over IMAPS on loopback, on one connection. In the test
/// suite it checks that every message comes back once and whole, and prints the rate; the
/// rate targets are asserted only when scripts/bench/bench-imap runs it on its big mailboxes
/// (OFFERBOX_BENCH_SMALL / OFFERBOX_BENCH_LARGE name them, user `bench`), because a timed
/// unit test fails on a slow or busy machine without the code being wrong.
@Suite("IMAP throughput against Dovecot", .timeLimit(.minutes(3)))
struct IMAPThroughputTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/testing/mailserver start failed") }

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

    private static var benchmarking: Bool { ProcessInfo.processInfo.environment["OFFERBOX_BENCH_SMALL"] != nil }

    @Test("listing and fetching many small messages returns each once (rate asserted by scripts/bench/bench-imap)")
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
        if Self.benchmarking { #expect(Double(result.messages) / result.seconds > 1000) }
    }

    @Test("large messages come back whole (rate asserted by scripts/bench/bench-imap)")
    func largeMessages() async throws {
        let environment = ProcessInfo.processInfo.environment
        let user: String, mailbox: String, expected: Int
        var expectedBytes: Int?
        if let bench = environment["OFFERBOX_BENCH_LARGE"] {
            (user, mailbox, expected) = ("bench", bench, Int(environment["OFFERBOX_BENCH_LARGE_COUNT"] ?? "") ?? 50)
        } else {
            (user, mailbox, expected) = ("test", try TestMailServer.newMailbox(), 5)
            var big = Array("From: a@example.test\r\nSubject: large\r\n\r\n".utf8)
            while big.count < 5_000_000 { big += Array("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".utf8) }
            for _ in 0..<expected { try TestMailServer.save(big, mailbox: mailbox) }
            expectedBytes = expected * big.count
        }
        _ = try await measure(user: user, mailbox: mailbox)
        let result = try await measure(user: user, mailbox: mailbox)
        print("BENCH offerbox large: \(result.messages) msgs, \(result.bytes) bytes, \(String(format: "%.3f", result.seconds)) s, \(String(format: "%.1f", Double(result.messages) / result.seconds)) msgs/s, \(String(format: "%.1f", Double(result.bytes) / result.seconds / 1e6)) MB/s")
        #expect(result.messages == expected)
        if let expectedBytes { #expect(result.bytes == expectedBytes) }
        if Self.benchmarking { #expect(Double(result.bytes) / result.seconds > 50e6) }
    }
}
