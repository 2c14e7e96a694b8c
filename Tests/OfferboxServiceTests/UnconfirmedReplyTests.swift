import Foundation
import Logging
import MailTransport
import MIME
import OfferStore
@testable import OfferboxService
import Testing

/// A reply a crash cut between its final "." and the server's answer (RFC 1047): the server may
/// have kept it or not. With `copy_to` naming a mailbox offerbox reads, the copy decides: against
/// the real Dovecot and Exim.
@Suite(.serialized, .timeLimit(.minutes(3))) struct UnconfirmedReplyTests {
    @Test func aReplyWhoseCopyArrivesIsNotSentAgainAndOneWithoutACopyIsSentAfterTheWait() async throws {
        let run = try EndToEndTests.Run(replies: """
            copy_to = "secretariat+{TAG}@example.test"
            confirm_wait_seconds = 3
            """)
        let kept = run.applicant(1, "kept"), lost = run.applicant(2, "lost")
        try run.deliver(EndToEndTests.mail(from: kept, id: "kept@x", files: EndToEndTests.allFour), at: EndToEndTests.deadline - 3 * EndToEndTests.day)
        try run.deliver(EndToEndTests.mail(from: lost, id: "lost@x", files: EndToEndTests.allFour), at: EndToEndTests.deadline - 3 * EndToEndTests.day)

        // Given: both stored and their replies queued, as a daemon does before its outbox runs
        var logger = Logger(label: "offerbox.e2e")
        logger.logLevel = .warning
        let database = try OfferDatabase.open(path: run.database)
        let mailbox = try #require(run.configuration.mailboxes.first)
        let pipeline = IntakePipeline(configuration: run.configuration, database: database,
                                      composer: try ReplyComposer(overrides: run.configuration.replies.templates))
        let sync = try MailboxSync(mailbox: mailbox, pipeline: pipeline, database: database,
                                   inFlight: try InFlightJournal(path: NSTemporaryDirectory() + "/in-flight-\(UUID().uuidString)"),
                                   logger: logger, onStored: {})
        #expect(try await sync.pass(now: { 1_656_000_000 }, shouldStop: { false }).stored == 2)
        await sync.disconnect()
        let queued = try database.dueReplies(now: Int64.max / 2)
        let keptReply = try #require(queued.first { $0.recipient == kept })
        let lostReply = try #require(queued.first { $0.recipient == lost })

        // and then a crash after the final "." of each: the server kept the first (it went to the
        // applicant and to the copy address), not the second
        let smtp = try SMTPSender(configuration: run.configuration.smtp.transport, logger: logger)
        let taken = try await smtp.send(Array(keptReply.bytes), from: "secretariat@example.test",
                                        to: [kept, "secretariat+\(run.tag)@example.test"])
        #expect(taken.allAccepted)
        // Exim delivers the copy a moment after taking it; on a busy machine that moment may
        // outlast the short wait of this test, so the test lets it land first.
        let copyDeadline = ContinuousClock.now + .seconds(20)
        while try await !LoopbackMail.messages(user: "secretariat", folder: run.tag).contains(where: {
            $0.message.envelope.messageID == keptReply.rfc822MessageID
        }), ContinuousClock.now < copyDeadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let journal = try SentReplyJournal(path: run.database + ".sent-replies")
        try journal.recordDataSent(keptReply.id!)
        try journal.recordDataSent(lostReply.id!)

        // When: the restarted daemon runs once
        let summary = try await run.once()

        // Then: the kept reply is settled by its copy and not sent again; the lost one is sent once, after the wait
        #expect(summary.repliesSent == 1)
        let states = try Dictionary(uniqueKeysWithValues: database.replies(offerID: keptReply.offerId!).map { ($0.recipient, $0.state) })
        #expect(states[kept] == .sent)
        #expect(try database.replies(offerID: lostReply.offerId!).first?.state == .sent)
        #expect(try database.unconfirmedReplyCount() == 0)
        #expect(try await run.replies(2, "lost", expected: 1).count == 1)
        try await Task.sleep(for: .seconds(2))
        #expect(try await run.replies(1, "kept").count == 1, "the kept reply reached the applicant once")
        #expect(try await run.replies(2, "lost").count == 1)

        // And a second run sends nothing; the copies are on record, unanswered.
        let again = try await run.once()
        #expect(again.repliesSent == 0)
        #expect(try database.counts()["reply"] == 2)
    }
}
