import Foundation
import Logging
import MIME
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// The whole job against real servers: mail in Dovecot, `run --once`, the register, and the replies
/// that Exim delivered back into the applicants' mailboxes. Never mocked, never skipped.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EndToEndTests {
    /// 27 June 2022, midnight CET.
    static let deadline: Int64 = 1_656_370_800
    static let day: Int64 = 86_400

    struct Run {
        let tag: String
        let database: String
        let configuration: Configuration

        /// `replies` adds keys to `[replies]`; `{TAG}` in it stands for the run's folder.
        init(replies: String = "") throws {
            #expect(LoopbackMail.started, "scripts/testing/mailserver start failed")
            tag = LoopbackMail.newTag()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-\(tag)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            database = directory.appendingPathComponent("offers.sqlite").path
            for user in ["secretariat", "partnerships"] { LoopbackMail.createFolder(tag, user: user) }
            let text = """
                [call]
                reference = "ASTON-2022"
                title = "ASToN - Direct support for cities"
                deadline = 2022-06-27T23:00:00Z
                own_addresses = ["secretariat@example.test", "partnerships@example.test"]
                [[mailbox]]
                url = "imaps://127.0.0.1:10993/\(tag)"
                username = "secretariat"
                password_env = "OFFERBOX_E2E_PASSWORD"
                ca_file = "\(LoopbackMail.caFile)"
                [[mailbox]]
                url = "imaps://127.0.0.1:10993/\(tag)"
                username = "partnerships"
                password_env = "OFFERBOX_E2E_PASSWORD"
                ca_file = "\(LoopbackMail.caFile)"
                [smtp]
                url = "smtp://127.0.0.1:10025"
                from = "ASToN Secretariat <secretariat@example.test>"
                ca_file = "\(LoopbackMail.caFile)"
                [store]
                database = "\(database)"
                [security]
                authserv_id = "mx.example.test"
                [replies]
                \(replies.replacingOccurrences(of: "{TAG}", with: tag))
                """
            setenv("OFFERBOX_E2E_PASSWORD", LoopbackMail.password, 1)
            configuration = try Configuration.parse(text, file: "e2e.toml").configuration
        }

        /// `applicantN+TAGsuffix@example.test`: a distinct applicant whose replies land in folder TAGsuffix.
        func applicant(_ n: Int, _ suffix: String) -> String { "applicant\(n)+\(tag)\(suffix)@example.test".lowercased() }

        func deliver(_ raw: [UInt8], to users: [String] = ["secretariat"], at time: Int64) throws {
            for user in users { try LoopbackMail.deliver(raw, user: user, folder: tag, receivedAt: time) }
        }

        func once() async throws -> IntakeDaemon.CycleSummary {
            var logger = Logger(label: "offerbox.e2e")
            logger.logLevel = .warning
            return try await IntakeDaemon(configuration: configuration, logger: logger).runOnce()
        }

        /// The replies in an applicant's folder, waiting (up to 20 s) until at least `expected` arrived:
        /// Exim accepts a reply at once but delivers it to Dovecot a moment later.
        func replies(_ n: Int, _ suffix: String, expected: Int = 0) async throws -> [Message] {
            let deadline = ContinuousClock.now + .seconds(20)
            while true {
                let found = try await LoopbackMail.messages(user: "applicant\(n)", folder: "\(tag)\(suffix)".lowercased()).map(\.message)
                if found.count >= expected || ContinuousClock.now > deadline { return found }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        func register() throws -> [String: RegisterEntry] {
            let entries = try Register(database: try OfferDatabase.open(path: database), configuration: configuration).entries()
            return Dictionary(uniqueKeysWithValues: entries.map { ($0.applicantAddress.lowercased(), $0) })
        }
    }

    static func mail(from: String, name: String = "Awa Diallo", subject: String = "Offer", id: String,
                     files: [String], headers: [String] = [], returnPath: String? = nil, to: String = "secretariat@example.test") -> [UInt8] {
        var lines = ["Return-Path: <\(returnPath ?? from)>", "From: \(name) <\(from)>", "To: \(to)", "Subject: \(subject)",
                     "Message-ID: <\(id)>", "Date: Mon, 20 Jun 2022 10:15:00 +0000", "MIME-Version: 1.0"] + headers
        lines += ["Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain; charset=utf-8", "",
                  "Dear Secretariat, please find my documents attached."]
        for file in files {
            lines += ["--b", "Content-Type: application/pdf; name=\"\(file)\"", "Content-Disposition: attachment; filename=\"\(file)\"",
                      "Content-Transfer-Encoding: base64", "", Data("%PDF-1.4 \(file)".utf8).base64EncodedString()]
        }
        lines.append("--b--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static let allFour = ["Letter of intent.pdf", "Workplan proposal.pdf", "Financial offer.pdf", "CV.pdf"]

    @Test func aCallFromFirstMailToRegisterAndReplies() async throws {
        let run = try Run()
        let complete = run.applicant(1, "complete"), split = run.applicant(2, "split"), late = run.applicant(3, "late")
        let justBefore = run.applicant(1, "before"), resubmitter = run.applicant(2, "resub"), forger = run.applicant(3, "forged")
        // Given: the shapes a real call receives
        try run.deliver(Self.mail(from: complete, id: "complete@x", files: Self.allFour), at: Self.deadline - 7 * Self.day)
        try run.deliver(Self.mail(from: split, id: "split-1@x", files: ["Letter of intent.pdf", "CV.pdf"]), at: Self.deadline - 5 * Self.day)
        // the second half sent to both Secretariat addresses
        try run.deliver(Self.mail(from: split, id: "split-2@x", files: ["Workplan proposal.pdf", "Financial offer.pdf"],
                                  to: "secretariat@example.test, partnerships@example.test"),
                        to: ["secretariat", "partnerships"], at: Self.deadline - 2 * Self.day)
        try run.deliver(Self.mail(from: late, id: "late@x", files: Self.allFour), at: Self.deadline + 1)
        try run.deliver(Self.mail(from: justBefore, id: "before@x", files: Self.allFour), at: Self.deadline - 1)
        try run.deliver(Self.mail(from: resubmitter, id: "resub-1@x", files: ["CV old.pdf"]), at: Self.deadline - 4 * Self.day)
        try run.deliver(Self.mail(from: resubmitter, id: "resub-2@x", files: ["CV new.pdf", "Letter of intent.pdf", "Workplan proposal.pdf",
                                                                            "Financial offer.pdf"]), at: Self.deadline - 3 * Self.day)
        try run.deliver(Self.mail(from: run.applicant(3, "ooo"), id: "ooo@x", files: [], headers: ["Auto-Submitted: auto-replied"]),
                        at: Self.deadline - 3 * Self.day)
        try run.deliver(Self.mail(from: "MAILER-DAEMON@mx.example.test", name: "Mail Delivery System", id: "bounce@x", files: [],
                                  returnPath: ""), at: Self.deadline - 3 * Self.day)
        try run.deliver(Self.mail(from: run.applicant(1, "list"), id: "list@x", files: [],
                                  headers: ["List-Id: <cities.example.test>", "Precedence: list"]), to: ["partnerships"],
                        at: Self.deadline - 3 * Self.day)
        try run.deliver(Self.mail(from: forger, id: "forged@x", files: Self.allFour,
                                  headers: ["Authentication-Results: mx.example.test; dmarc=fail header.from=example.test"]),
                        at: Self.deadline - 3 * Self.day)

        // When: one cycle
        let first = try await run.once()

        // Then: every message stored once, the both-addresses copy recognised
        #expect(first.fetched == 12)
        #expect(first.stored == 11)
        #expect(first.duplicates == 1)
        let register = try run.register()
        #expect(register[complete]?.status == .accepted)
        #expect(register[split]?.status == .accepted)
        #expect(register[split]?.messageIDs == ["split-1@x", "split-2@x"])
        #expect(register[late]?.status == .late)
        #expect(register[justBefore]?.status == .accepted)
        #expect(register[resubmitter]?.status == .accepted)
        #expect(register[resubmitter]?.documents[.cv]?.map(\.filename) == ["CV new.pdf"])
        #expect(register[run.applicant(3, "ooo")] == nil, "an out-of-office makes no offer")
        #expect(register[run.applicant(1, "list")] == nil, "a list post makes no offer")
        #expect(register[forger] == nil, "a sender that failed DMARC is held: never counted, never answered")
        let held = try OfferDatabase.open(path: run.database).reviews()
        #expect(held.map(\.review.kind) == [.held])
        #expect(held.first?.review.reason.contains("dmarc=fail") == true)

        // And: the replies that reached the applicants
        let acknowledgment = try #require(try await run.replies(1, "complete", expected: 1).first)
        #expect(acknowledgment.envelope.subject == "Re: Offer")
        #expect(acknowledgment.envelope.inReplyTo == "complete@x")
        #expect(acknowledgment.envelope.autoSubmitted == "auto-replied")
        #expect(acknowledgment.envelope.from.first?.address == "secretariat@example.test")
        #expect(acknowledgment.text?.contains("acknowledges your offer") == true)
        #expect(acknowledgment.text?.contains("2022-06-20 23:00:00 UTC") == true, "the server's receipt time, not the Date header")
        #expect(acknowledgment.text?.contains("Financial offer.pdf") == true)

        let splitReplies = try await run.replies(2, "split", expected: 2)
        #expect(splitReplies.count == 2, "one reply per message, the copy to the second address answered once")
        #expect(splitReplies.contains { $0.text?.contains("Still missing") == true && $0.text?.contains("workplan proposal") == true })
        #expect(splitReplies.contains { $0.text?.contains("acknowledges your offer") == true })

        let lateReply = try #require(try await run.replies(3, "late", expected: 1).first)
        #expect(lateReply.text?.contains("after the deadline") == true)
        #expect(lateReply.text?.contains("2022-06-27 23:00:01 UTC") == true)
        #expect(try await run.replies(1, "before", expected: 1).first?.text?.contains("acknowledges your offer") == true)
        #expect(try await run.replies(3, "ooo").isEmpty)
        #expect(try await run.replies(1, "list").isEmpty)
        #expect(try await run.replies(3, "forged").isEmpty)
        #expect(first.repliesSent == 7)

        // And: a second cycle changes nothing and sends nothing
        let second = try await run.once()
        #expect(second.fetched == 0)
        #expect(second.repliesSent == 0)
        #expect(try await run.replies(2, "split").count == 2)
        #expect(try run.register().count == register.count)
    }
}
