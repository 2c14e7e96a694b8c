import Foundation
import Testing
@testable import MailTransport

/// Fetching against the real Dovecot of scripts/testing/mailserver, over IMAPS.
@Suite("IMAP fetch against Dovecot", .timeLimit(.minutes(3)))
struct IMAPFetchIntegrationTests {
    init() { #expect(TestMailServer.ensureRunning(), "scripts/testing/mailserver start failed") }

    /// Messages chosen to break a client that parses literals as lines: binary bytes,
    /// a NUL, body lines that look like tagged IMAP replies, a 100 KB line without a
    /// final newline, and 20 MB.
    static func awkwardMessages() -> [(name: String, bytes: [UInt8])] {
        var binary = Array("From: a@example.test\r\nSubject: binary\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n".utf8)
        binary += (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        binary += [0x00, 0x01, 0xFF, 0xFE, 0x0D, 0x0A]
        let tags = Array("From: a@example.test\r\nSubject: tags\r\n\r\nA001 OK fake\r\nA004 OK LOGOUT completed\r\n* 3 EXISTS\r\n* BYE fake\r\n.\r\n+ go ahead\r\n".utf8)
        var longLine = Array("From: a@example.test\r\nSubject: long line\r\n\r\n".utf8)
        longLine += [UInt8](repeating: UInt8(ascii: "x"), count: 100_000)
        var big = Array("From: a@example.test\r\nSubject: twenty megabytes\r\n\r\n".utf8)
        let row = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef\r\n".utf8)
        big.reserveCapacity(20_000_000 + row.count)
        while big.count < 20_000_000 { big += row }
        return [("binary", binary), ("tags", tags), ("long line", longLine), ("20 MB", big)]
    }

    @Test("a fetched message is byte-identical to imaplib's BODY.PEEK[] and has Dovecot's INTERNALDATE and size")
    func fetchIsByteExact() async throws {
        let mailbox = try TestMailServer.newMailbox()
        let messages = Self.awkwardMessages()
        for message in messages { try TestMailServer.save(message.bytes, mailbox: mailbox) }
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(mailbox: mailbox), logger: TestMailServer.logger)
        let status = try await client.status()
        #expect(status.messages == messages.count)
        let uids = try await client.newUIDs(after: 0, upTo: status.uidNext)
        #expect(uids == [1, 2, 3, 4])
        let received = try TestMailServer.fetchField("date.received size.virtual", mailbox: mailbox)
        let serverRows = received.split(separator: "\n").dropFirst().map { $0.split(separator: "\t") }
        for (index, uid) in uids.enumerated() {
            let fetched = try await client.fetch(uid: uid, uidValidity: status.uidValidity)
            let reference = try TestMailServer.imaplibReference(mailbox: mailbox, uid: uid)
            #expect(fetched.bytes == reference, "\(messages[index].name): differs from imaplib")
            #expect(fetched.bytes.count == fetched.info.size)
            // Dovecot cannot send NUL inside a literal and sends 0x80 instead; otherwise identical.
            let expected = messages[index].bytes.map { $0 == 0 ? 0x80 : $0 }
            #expect(fetched.bytes == expected, "\(messages[index].name): differs from what was saved")
            // INTERNALDATE agrees with doveadm's date.received (UTC here) and size.virtual.
            let row = serverRows[index]
            #expect(String(row[2]) == "\(fetched.info.size)")
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            #expect(formatter.string(from: fetched.info.internalDate.date) == String(row[1]))
        }
    }

    @Test("fetching leaves \\Seen as it was: unseen stays unseen, seen stays seen")
    func fetchLeavesSeenAlone() async throws {
        let user = "applicant2"  // kicked below: nobody else uses it
        let mailbox = try TestMailServer.newMailbox(user: user)
        try TestMailServer.save(TestMessages.simple(subject: "unseen"), user: user, mailbox: mailbox)
        try TestMailServer.save(TestMessages.simple(subject: "seen"), user: user, mailbox: mailbox)
        try TestMailServer.setFlags("\\Seen", uid: 2, user: user, mailbox: mailbox)
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(user: user, mailbox: mailbox), logger: TestMailServer.logger)
        let status = try await client.status()
        let first = try await client.fetch(uid: 1, uidValidity: status.uidValidity)
        let second = try await client.fetch(uid: 2, uidValidity: status.uidValidity)
        #expect(!first.info.isSeen && second.info.isSeen)
        #expect(try TestMailServer.flags(uid: 1, user: user, mailbox: mailbox).isEmpty)
        #expect(try TestMailServer.flags(uid: 2, user: user, mailbox: mailbox) == ["\\Seen"])
        // After the connection is cut, libcurl reconnects and SELECTs read-write by itself:
        // the fetch must still not leave \Seen behind.
        try TestMailServer.kick(user: user)
        _ = try await client.fetch(uid: 1, uidValidity: status.uidValidity)
        #expect(try TestMailServer.flags(uid: 1, user: user, mailbox: mailbox).isEmpty)
    }
}
