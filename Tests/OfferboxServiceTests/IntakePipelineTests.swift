import Foundation
import MIME
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// The pipeline with a real in-memory store and the shipped templates; no network.
@Suite struct IntakePipelineTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// 27 June 2022, midnight CET.
    static let deadline: Int64 = 1_656_370_800

    static func configuration() throws -> Configuration {
        var configuration = try Configuration.load(path: root.appendingPathComponent("fixtures/config/good/minimal.toml").path).configuration
        configuration.call.ownAddresses = ["secretariat@example.org", "partnerships@example.org"]
        configuration.mailboxes.append(configuration.mailboxes[0])
        configuration.mailboxes[1].username = "partnerships@example.org"
        configuration.security.authservID = "mail.example.org"
        return configuration
    }

    static func pipeline() throws -> (IntakePipeline, OfferDatabase) {
        let database = try OfferDatabase.inMemory()
        let composer = try ReplyComposer()
        return (IntakePipeline(configuration: try configuration(), database: database, composer: composer), database)
    }

    /// A message as a client writes it, with the trace fields a receiving server adds (`deliveredTo`).
    static func mail(
        from: String = "Awa Diallo <awa@example.org>", subject: String = "Offer", id: String = "offer-1@example.org",
        files: [String], headers: [String] = [], deliveredTo: String = "secretariat@example.org", body: String = "Please find my offer attached.",
        version: String = ""
    ) -> [UInt8] {
        var lines = [
            "Return-Path: <\(from.split(separator: "<").last.map { String($0.dropLast()) } ?? from)>",
            "Delivered-To: \(deliveredTo)",
            "Received: from mx.example.org by mail.example.org; Mon, 20 Jun 2022 10:15:00 +0000",
            "From: \(from)", "To: secretariat@example.org", "Subject: \(subject)", "Message-ID: <\(id)>",
            "Date: Mon, 20 Jun 2022 10:15:00 +0000", "MIME-Version: 1.0",
        ] + headers + ["Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain; charset=utf-8", "", body]
        for file in files {
            lines += ["--b", "Content-Type: application/pdf; name=\"\(file)\"", "Content-Disposition: attachment; filename=\"\(file)\"",
                      "Content-Transfer-Encoding: base64", "", Data("%PDF-1.4 \(file)\(version)".utf8).base64EncodedString()]
        }
        lines.append("--b--")
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static let allFour = ["Letter of intent.pdf", "Workplan proposal.pdf", "Financial offer.pdf", "CV Awa Diallo.pdf"]

    static func fetched(_ raw: [UInt8], uid: Int64, at time: Int64, mailbox: String = "secretariat@example.org@imaps://mail.example.org/INBOX",
                        uidValidity: Int64 = 1) -> FetchedMessage {
        FetchedMessage(mailboxKey: mailbox, uidValidity: uidValidity, uid: uid, internalDate: time, raw: raw)
    }

    @Test func aCompleteOfferIsAcceptedAndAcknowledged() throws {
        let (pipeline, database) = try Self.pipeline()
        let outcome = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour), uid: 1, at: Self.deadline - 86_400), now: Self.deadline - 86_000)
        #expect(outcome.action == .stored)
        #expect(outcome.replyKind == .acknowledgment)
        let offers = try database.offers()
        #expect(offers.map(\.status) == [.accepted])
        #expect(offers.first?.publicID == "ASTON-2022-0001")
        let reply = try #require(try database.dueReplies(now: Self.deadline).first)
        #expect(reply.recipient == "awa@example.org")
        let text = MessageParser().parse(Array(reply.bytes))
        #expect(text.envelope.subject == "Re: Offer")
        #expect(text.envelope.inReplyTo == "offer-1@example.org")
        #expect(text.envelope.autoSubmitted == "auto-replied")
        #expect(text.text?.contains("ASTON-2022-0001") == true)
        #expect(text.text?.contains("CV Awa Diallo.pdf") == true)
        #expect(text.text?.contains(Digests.sha256Hex(Self.mail(files: Self.allFour))) == true)
    }

    @Test func anOfferSplitOverTwoMailsBecomesCompleteWithTheSecond() throws {
        let (pipeline, database) = try Self.pipeline()
        let first = try pipeline.ingest(Self.fetched(Self.mail(id: "a@x", files: Array(Self.allFour.prefix(2))), uid: 1, at: 1000), now: 1001)
        #expect(first.replyKind == .incomplete)
        #expect(try database.offers().map(\.status) == [.incomplete])
        let second = try pipeline.ingest(Self.fetched(Self.mail(id: "b@x", files: Array(Self.allFour.suffix(2))), uid: 2, at: 2000), now: 2001)
        #expect(second.replyKind == .acknowledgment)
        let offer = try #require(try database.offers().first)
        #expect(offer.status == .accepted)
        #expect(offer.receivedAt == 2000)
        #expect(try database.offers().count == 1)
    }

    @Test func oneOfferSentToBothSecretariatAddressesIsOneOfferWithOneReply() throws {
        let (pipeline, database) = try Self.pipeline()
        let a = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour, deliveredTo: "secretariat@example.org"), uid: 7, at: 1000), now: 1001)
        let b = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour, deliveredTo: "partnerships@example.org"), uid: 3, at: 1000,
                                                 mailbox: "partnerships@example.org@imaps://mail.example.org/INBOX"), now: 1002)
        #expect(a.action == .stored)
        #expect(b.action == .duplicateCopy)
        let counts = try database.counts()
        #expect(counts["message"] == 1)
        #expect(counts["messageLocation"] == 2)
        #expect(counts["reply"] == 1)
        #expect(counts["offer"] == 1)
    }

    @Test func theSameCopyIngestedTwiceChangesNothing() throws {
        let (pipeline, database) = try Self.pipeline()
        _ = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour), uid: 1, at: 1000), now: 1001)
        let before = try database.counts()
        let again = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour), uid: 1, at: 1000), now: 5000)
        #expect(again.action == .alreadyStored)
        #expect(try database.counts() == before)
    }

    @Test func aUIDValidityChangeIsReconciledNotReingested() throws {
        let (pipeline, database) = try Self.pipeline()
        _ = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour), uid: 1, at: 1000), now: 1001)
        let renumbered = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour), uid: 40, at: 1000, uidValidity: 2), now: 9000)
        #expect(renumbered.action == .duplicateCopy)
        #expect(try database.counts()["reply"] == 1)
    }

    @Test(arguments: [(Int64(-1), "acknowledgment", "accepted"), (Int64(0), "late", "late"), (Int64(1), "late", "late")])
    func theDeadlineIsDecidedOnTheServersReceiptTime(offset: Int64, reply: String, status: String) throws {
        let (pipeline, database) = try Self.pipeline()
        // The sender's Date header says 20 June: it does not matter.
        let outcome = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour), uid: 1, at: Self.deadline + offset),
                                          now: Self.deadline + 10)
        #expect(outcome.replyKind?.rawValue == reply)
        #expect(try database.offers().map(\.status.rawValue) == [status])
    }

    @Test func aLateMessageNeverCountsTowardAnOfferThatBeganBeforeTheDeadline() throws {
        let (pipeline, database) = try Self.pipeline()
        _ = try pipeline.ingest(Self.fetched(Self.mail(id: "a@x", files: ["CV.pdf"]), uid: 1, at: Self.deadline - 100), now: Self.deadline - 99)
        let late = try pipeline.ingest(Self.fetched(Self.mail(id: "b@x", files: Array(Self.allFour.prefix(3))), uid: 2, at: Self.deadline + 5),
                                       now: Self.deadline + 6)
        #expect(late.replyKind == .late)
        let offer = try #require(try database.offers().first)
        #expect(offer.status == .incomplete)
        #expect(offer.receivedAt == Self.deadline - 100)
        #expect(try database.events(offerID: offer.id!).map(\.kind).contains(.lateMessage))
    }

    @Test func aResubmissionReplacesTheEarlierDocumentAndKeepsBoth() throws {
        let (pipeline, database) = try Self.pipeline()
        _ = try pipeline.ingest(Self.fetched(Self.mail(id: "a@x", files: ["CV old.pdf"]), uid: 1, at: 1000), now: 1001)
        _ = try pipeline.ingest(Self.fetched(Self.mail(id: "b@x", files: ["CV new.pdf"]), uid: 2, at: 2000), now: 2001)
        let offer = try #require(try database.offers().first)
        let events = try database.events(offerID: offer.id!)
        // The history names the replaced file through its row (which retention may redact).
        let replaced = try #require(events.first { $0.kind == .documentReplaced }?.detail.replacedDocuments)
        let documents = try #require(try database.rows(publicID: offer.publicID)).documents.values.joined()
        #expect(replaced.map { row in documents.first { $0.id == row }?.filename } == ["CV old.pdf"])
        #expect(try database.counts()["document"] == 2)
    }

    static let silent: [(String, [String], String)] = [
        ("out of office", ["Auto-Submitted: auto-replied"], "auto_reply"),
        ("mailing list", ["List-Id: <cities.lists.example.org>"], "mailing_list"),
        ("dmarc forgery", ["Authentication-Results: mail.example.org; dmarc=fail header.from=example.org; spf=pass"], "held"),
        ("spam", ["X-Spam-Flag: YES"], "spam"),
        ("vendor auto-reply header", ["X-Autoreply: yes"], "auto_reply"),
        ("vendor auto-responder header", ["X-Autorespond: Out of office"], "auto_reply"),
    ]

    @Test(arguments: silent.indices)
    func automaticListAndForgedMailGetsNoReply(index: Int) throws {
        let (name, headers, category) = Self.silent[index]
        let (pipeline, database) = try Self.pipeline()
        let outcome = try pipeline.ingest(Self.fetched(Self.mail(files: Self.allFour, headers: headers), uid: 1, at: 1000), now: 1001)
        #expect(outcome.category?.rawValue == category, "\(name)")
        #expect(outcome.replyKind == nil, "\(name)")
        #expect(try database.counts()["reply"] == 0, "\(name)")
        #expect(try database.counts()["message"] == 1, "stored all the same: \(name)")
    }

    @Test func aBounceMakesNoOffer() throws {
        let (pipeline, database) = try Self.pipeline()
        var raw = String(decoding: Self.mail(from: "Mail Delivery System <MAILER-DAEMON@mx.example.org>", files: []), as: UTF8.self)
        raw = raw.replacingOccurrences(of: "Return-Path: <MAILER-DAEMON@mx.example.org>", with: "Return-Path: <>")
        let outcome = try pipeline.ingest(Self.fetched(Array(raw.utf8), uid: 1, at: 1000), now: 1001)
        #expect(outcome.category == .bounce)
        #expect(try database.counts()["offer"] == 0)
    }

    @Test func theDailyLimitStopsARepliesLoop() throws {
        let (pipeline, database) = try Self.pipeline()
        for index in 1...8 {
            _ = try pipeline.ingest(Self.fetched(Self.mail(id: "m\(index)@x", files: ["CV.pdf"]), uid: Int64(index), at: 1000 + Int64(index)),
                                    now: 2000 + Int64(index))
        }
        #expect(try database.counts()["reply"] == 5)
        #expect(try database.counts()["message"] == 8)
    }

    @Test func aHostileSenderNameNeverReachesAReplyHeaderRaw() throws {
        let (pipeline, database) = try Self.pipeline()
        let from = "=?utf-8?q?Evil=0D=0ABcc=3A_victim=40example=2Eorg?= <awa@example.org>"
        _ = try pipeline.ingest(Self.fetched(Self.mail(from: from, subject: "Offer\u{0B}\u{7F}", files: Self.allFour), uid: 1, at: 1000), now: 1001)
        let reply = try #require(try database.dueReplies(now: 5000).first)
        let parsed = MessageParser().parse(Array(reply.bytes))
        #expect(parsed.headers.all("Bcc").isEmpty)
        #expect(parsed.envelope.to.map(\.address) == ["awa@example.org"])
    }
}
