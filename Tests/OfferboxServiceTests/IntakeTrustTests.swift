import Foundation
import MIME
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// Issue 8: an offer belongs to its applicant; receipts are exact; robots and questions are not offers.
/// The pipeline over a real in-memory store (the same helpers as ``IntakePipelineTests``).
@Suite struct IntakeTrustTests {
    typealias T = IntakePipelineTests
    static let pass = "Authentication-Results: mail.example.org; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org"

    /// Finding 5: `From` an applicant, `Reply-To` elsewhere: the receipt went to the Reply-To and the CV was replaced.
    @Test func aWeakerSenderCannotReplaceAnApplicantsDocumentsNorReadThem() throws {
        let (pipeline, database) = try T.pipeline()
        _ = try pipeline.ingest(T.fetched(T.mail(id: "a@x", files: T.allFour, headers: [Self.pass]), uid: 1, at: 1000), now: 1001)
        let offer = try #require(try database.offers().first)
        #expect(offer.authentication == SenderAuthentication.dmarc)
        let before = try Register(database: database, configuration: T.configuration()).entry(publicID: offer.publicID)

        // The attacker writes a passing result of their own, below the one the server wrote.
        let forged = T.mail(id: "b@x", files: ["CV Awa Diallo.pdf"],
                            headers: ["Authentication-Results: mail.example.org; spf=none smtp.mailfrom=evil.example",
                                      "Authentication-Results: mail.example.org; dmarc=pass header.from=example.org",
                                      "Reply-To: thief@evil.example"], version: " forged")
        let outcome = try pipeline.ingest(T.fetched(forged, uid: 2, at: 2000), now: 2001)
        #expect(outcome.category == .held)
        #expect(outcome.replyKind == nil)
        #expect(try database.counts()["reply"] == 1, "only the first message's acknowledgment")
        #expect(try database.dueReplies(now: 5000).allSatisfy { $0.recipient == "awa@example.org" })
        let after = try Register(database: database, configuration: T.configuration()).entry(publicID: offer.publicID)
        #expect(after?.documents[.cv]?.map(\.sha256) == before?.documents[.cv]?.map(\.sha256), "the CV is not replaced")
        let held = try #require(try database.reviews().first)
        #expect(held.review.kind == .held)
        #expect(held.message.replyToAddress == "thief@evil.example", "recorded for a person")
        #expect(held.message.authentication == SenderAuthentication.none, "the lower, sender-written result is not trusted")
        #expect(try database.events(offerID: offer.id!).contains { $0.kind == .messageHeld })
    }

    /// Found by review: SPF and DKIM passes of the attacker's own domain counted as strength.
    @Test func passesForAnotherDomainThanFromGiveNoStrength() throws {
        let (pipeline, database) = try T.pipeline()
        _ = try pipeline.ingest(T.fetched(T.mail(id: "a@x", files: T.allFour, headers: [
            "Authentication-Results: mail.example.org; spf=pass smtp.mailfrom=awa@example.org",
        ]), uid: 1, at: 1000), now: 1001)
        #expect(try database.offers().first?.authentication == SenderAuthentication.spf)
        let attack = T.mail(id: "b@x", files: ["CV Awa Diallo.pdf"], headers: [
            "Authentication-Results: mail.example.org; spf=pass smtp.mailfrom=x@attacker.example; dkim=pass header.d=attacker.example; dmarc=none header.from=example.org",
        ], version: " forged")
        #expect(try pipeline.ingest(T.fetched(attack, uid: 2, at: 2000), now: 2001).category == .held)
        #expect(try database.reviews().first?.message.authentication == SenderAuthentication.none)
        // The applicant's own mail, SPF-aligned again, still counts.
        let own = T.mail(id: "c@x", files: ["CV Awa Diallo.pdf"], headers: [
            "Authentication-Results: mail.example.org; spf=pass smtp.mailfrom=bounce.example.org; dkim=pass header.d=mail.example.org",
        ], version: " revised")
        #expect(try pipeline.ingest(T.fetched(own, uid: 3, at: 3000), now: 3001).category == .offer)
        #expect(try database.offers().first?.authentication == SenderAuthentication.dkim)
    }

    @Test func aQuarantinedMessageThatFailsDMARCIsHeldWhenReleased() throws {
        let (pipeline, database) = try T.pipeline()
        let raw = T.mail(files: T.allFour, headers: ["Authentication-Results: mail.example.org; dmarc=fail header.from=example.org"])
        _ = try pipeline.quarantine(T.fetched(raw, uid: 1, at: 1000), reason: "died 3 times", now: 1001)
        let messageID = try #require(try database.reviews().first?.message.id)
        let released = try pipeline.release(messageRowID: messageID, by: "admin", note: "parser fixed", now: 2000)
        #expect(released.category == .held, "parsed now, and judged as at intake")
        #expect(try database.offers().isEmpty)
        #expect(try database.reviews().map(\.review.kind) == [.held])
        #expect(try database.reviews(includeDecided: true).count == 2)
    }

    @Test func aResultWrittenByAnotherServerIsNotTrusted() throws {
        let (pipeline, database) = try T.pipeline()
        let raw = T.mail(files: T.allFour, headers: ["Authentication-Results: mx.evil.example; dmarc=pass header.from=example.org"])
        _ = try pipeline.ingest(T.fetched(raw, uid: 1, at: 1000), now: 1001)
        #expect(try database.offers().first?.authentication == SenderAuthentication.none)
    }

    @Test func aFailedDMARCIsHeldUntilAPersonReleasesIt() throws {
        let (pipeline, database) = try T.pipeline()
        let raw = T.mail(files: T.allFour, headers: ["Authentication-Results: mail.example.org (comment; dmarc=pass); dmarc=fail header.from=example.org"])
        let outcome = try pipeline.ingest(T.fetched(raw, uid: 1, at: 1000), now: 1001)
        #expect(outcome.category == .held)
        #expect(try database.offers().isEmpty, "never counted: no offer")
        let messageID = try #require(try database.reviews().first?.message.id)

        let released = try pipeline.release(messageRowID: messageID, by: "clerk", note: "phoned the applicant", now: 3000)
        #expect(released.category == .offer)
        #expect(released.replyKind == .acknowledgment)
        let offer = try #require(try database.offers().first)
        #expect(offer.status == .accepted)
        #expect(try database.reviews().isEmpty)
        let decided = try #require(try database.reviews(includeDecided: true).first?.review)
        #expect(decided.decision == .released)
        #expect(decided.decidedBy == "clerk")
        #expect(try database.events(offerID: offer.id!).contains { $0.kind == .messageReleased && $0.detail.reason?.contains("phoned") == true })
        #expect(throws: ReviewError.notWaiting(messageID: messageID)) {
            try pipeline.release(messageRowID: messageID, by: "clerk", note: "again", now: 3001)
        }
    }

    @Test func aDismissedMessageStaysUncounted() throws {
        let (pipeline, database) = try T.pipeline()
        let raw = T.mail(files: T.allFour, headers: ["Authentication-Results: mail.example.org; spf=fail smtp.mailfrom=example.org"])
        _ = try pipeline.ingest(T.fetched(raw, uid: 1, at: 1000), now: 1001)
        let messageID = try #require(try database.reviews().first?.message.id)
        try pipeline.dismiss(messageRowID: messageID, by: "clerk", note: "spam", now: 2000)
        #expect(try database.reviews().isEmpty)
        #expect(try database.offers().isEmpty)
        #expect(try database.counts()["reply"] == 0)
    }

    /// Finding 6: a revised `Financial offer.pdf` under the same name was listed twice, old and new.
    @Test func aReceiptListsTheCurrentFileOnceAfterASameNameResubmission() throws {
        let (pipeline, database) = try T.pipeline()
        _ = try pipeline.ingest(T.fetched(T.mail(id: "a@x", files: T.allFour), uid: 1, at: 1000), now: 1001)
        let revised = T.mail(id: "b@x", files: ["Financial offer.pdf"], version: " revised")
        _ = try pipeline.ingest(T.fetched(revised, uid: 2, at: 2000), now: 2001)
        let replies = try database.dueReplies(now: 5000)
        let second = try #require(replies.first { $0.messageId != replies.first?.messageId })
        let text = try #require(MessageParser().parse(Array(second.bytes)).text)
        let oldHash = Digests.sha256Hex(Array("%PDF-1.4 Financial offer.pdf".utf8))
        let newHash = Digests.sha256Hex(Array("%PDF-1.4 Financial offer.pdf revised".utf8))
        #expect(text.contains(newHash))
        #expect(!text.contains(oldHash), "the replaced file is not in the receipt")
        #expect(text.components(separatedBy: "Financial offer.pdf").count == 2, "listed once")
    }

    @Test func aReplyListsAtMostFiftyFiles() throws {
        let (pipeline, database) = try T.pipeline()
        let names = (1...120).map { "CV part \($0).pdf" }
        _ = try pipeline.ingest(T.fetched(T.mail(files: names), uid: 1, at: 1000), now: 1001)
        let reply = try #require(try database.dueReplies(now: 5000).first)
        let text = try #require(MessageParser().parse(Array(reply.bytes)).text)
        #expect(text.contains("CV part 50.pdf"))
        #expect(!text.contains("CV part 51.pdf"))
        #expect(text.contains("70 more"))
    }

    /// Finding 7: auto-responders that say so only in their subject looped with the robot.
    @Test(arguments: ["=?utf-8?q?R=C3=A9ponse_automatique_:_Offre?=", "Automatic reply: Offer", "Resposta automática: Proposta"])
    func anAutoReplyMarkedOnlyByItsSubjectIsStoredAndNeverAnswered(subject: String) throws {
        let (pipeline, database) = try T.pipeline()
        let outcome = try pipeline.ingest(T.fetched(T.mail(subject: subject, files: T.allFour), uid: 1, at: 1000), now: 1001)
        #expect(outcome.category == .autoReply)
        #expect(outcome.reason.contains("subject"))
        #expect(try database.counts()["reply"] == 0)
        #expect(try database.counts()["message"] == 1)
    }

    /// Finding 11: a plain question became an `incomplete` offer and got a missing-documents notice.
    @Test func aQuestionWithoutDocumentsIsCorrespondenceNotAnOffer() throws {
        let (pipeline, database) = try T.pipeline()
        let raw = T.mail(subject: "Question about the call - deadline", files: [],
                         body: "Hello, is the deadline of 27 June in Paris time or in UTC? Thank you.")
        let outcome = try pipeline.ingest(T.fetched(raw, uid: 1, at: 1000), now: 1001)
        #expect(outcome.category == .correspondence)
        #expect(try database.offers().isEmpty)
        #expect(try database.counts()["reply"] == 0)
        #expect(try database.reviews().first?.review.kind == .correspondence)
    }

    @Test func aQuarantinedMessageIsStoredRawAndProcessedOnlyWhenReleased() throws {
        let (pipeline, database) = try T.pipeline()
        let raw = T.mail(files: T.allFour)
        let outcome = try pipeline.quarantine(T.fetched(raw, uid: 1, at: 1000), reason: "died 3 times", now: 1001)
        #expect(outcome.category == .quarantined)
        #expect(try database.offers().isEmpty)
        #expect(try database.counts()["document"] == 0, "never parsed")
        let again = try pipeline.quarantine(T.fetched(raw, uid: 1, at: 1000), reason: "died 3 times", now: 1002)
        #expect(again.action == .alreadyStored)
        let messageID = try #require(try database.reviews().first?.message.id)
        let released = try pipeline.release(messageRowID: messageID, by: "admin", note: "parser fixed", now: 2000)
        #expect(released.replyKind == .acknowledgment)
        #expect(try database.offers().first?.status == .accepted)
        #expect(try database.message(id: messageID)?.fromAddress == "awa@example.org")
        #expect(try database.counts()["document"] == 4)
    }
}
