import Foundation
import MIME
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// A person corrects what a document is: the robot's decision stays, the offer is evaluated
/// again, and the applicant gets one corrected receipt when what they were told changed.
@Suite struct ReclassifyTests {
    typealias T = IntakePipelineTests

    /// An offer whose CV the classifier could not recognise (a scan named `scan0042.pdf`).
    static func offerWithAMissedCV() throws -> (IntakePipeline, OfferDatabase, String) {
        let (pipeline, database) = try T.pipeline()
        let files = ["Letter of intent.pdf", "Workplan proposal.pdf", "Financial offer.pdf", "scan0042.pdf"]
        let outcome = try pipeline.ingest(T.fetched(T.mail(files: files), uid: 1, at: T.deadline - 86_400), now: T.deadline - 86_000)
        #expect(outcome.replyKind == .incomplete)
        return (pipeline, database, try #require(outcome.offerID))
    }

    @Test func aMissedCVReclassifiedMakesTheOfferAcceptedAndQueuesOneCorrectedReceipt() throws {
        let (pipeline, database, offerID) = try Self.offerWithAMissedCV()
        let outcome = try pipeline.reclassify(offer: offerID, file: "scan0042.pdf", as: .cv, by: "clerk",
                                              reason: "the scan is her CV", now: T.deadline + 3600)
        #expect((outcome.statusBefore, outcome.statusAfter, outcome.reply) == (.incomplete, .accepted, .correction))
        let offer = try #require(try database.offer(publicID: offerID))
        #expect(offer.status == .accepted)
        let replies = try database.replies(offerID: offer.id!)
        #expect(replies.map(\.kind) == [.incomplete, .correction])
        let receipt = MessageParser().parse(Array(replies[1].bytes)).text ?? ""
        let rows = try #require(try database.rows(publicID: offerID))
        #expect(receipt.contains("now registered as: CV (it was: other document)"))
        #expect(receipt.contains("every document the call asks for"))
        #expect(rows.events.first { $0.kind == .documentReclassified }.map {
            Register.detailText($0.detail, kind: $0.kind, documents: Dictionary(uniqueKeysWithValues: rows.documents.values.joined().map { ($0.id!, $0) }))
        }?.contains("\"document\":\"scan0042.pdf (file 4)\"") == true)
        #expect(replies[1].recipient == "awa@example.org" && replies[1].messageId == nil && replies[1].correctionId != nil)
        // The robot's decision stays in its row; the person's is beside it, and in the history.
        #expect(rows.documents.values.joined().first { $0.filename == "scan0042.pdf" }?.kind == .other)
        #expect(rows.corrections.map { [$0.before, $0.after, $0.decidedBy] } == [["other", "cv", "clerk"]])
        #expect(rows.events.suffix(2).map(\.kind) == [.documentReclassified, .statusChanged])
        // The register sees the corrected kind.
        let configuration = try T.configuration()
        #expect(try Register(database: database, configuration: configuration).entry(publicID: offerID)?.missing == [])
    }

    @Test func aCorrectionThatChangesNothingTheApplicantWasToldSendsNothing() throws {
        let (pipeline, database, offerID) = try Self.offerWithAMissedCV()
        let outcome = try pipeline.reclassify(offer: offerID, file: "scan0042.pdf", as: nil, by: "clerk",
                                              reason: "a blank page", now: T.deadline + 3600)
        #expect(outcome.reply == nil)
        #expect(try database.replies(offerID: try database.offer(publicID: offerID)!.id!).count == 1)
        #expect(throws: CorrectionError.self) {
            _ = try pipeline.reclassify(offer: offerID, file: "scan0042.pdf", as: nil, by: "clerk", reason: "again", now: T.deadline + 3700)
        }
    }

    @Test func aLaterMessageIsJudgedWithThePersonsKinds() throws {
        let (pipeline, database, offerID) = try Self.offerWithAMissedCV()
        _ = try pipeline.reclassify(offer: offerID, file: "scan0042.pdf", as: .cv, by: "clerk", reason: "her CV", now: T.deadline - 80_000)
        // A question with a harmless file: the offer stays accepted, its acknowledgment lists the corrected CV.
        let outcome = try pipeline.ingest(T.fetched(T.mail(id: "later@example.org", files: ["Annex.pdf"]), uid: 2, at: T.deadline - 70_000),
                                          now: T.deadline - 69_000)
        #expect(outcome.replyKind == .acknowledgment)
        let replies = try database.replies(offerID: try database.offer(publicID: offerID)!.id!)
        #expect((MessageParser().parse(Array(replies.last!.bytes)).text ?? "").contains("CV: scan0042.pdf"))
    }

    @Test func aFileIsNamedWithoutAmbiguityAndACorrectionNeedsAReason() throws {
        let (pipeline, _, offerID) = try Self.offerWithAMissedCV()
        #expect(throws: CorrectionError.emptyReason) {
            _ = try pipeline.reclassify(offer: offerID, file: "scan0042.pdf", as: .cv, by: "clerk", reason: "  ", now: 1)
        }
        #expect { _ = try pipeline.reclassify(offer: offerID, file: "nope.pdf", as: .cv, by: "clerk", reason: "x", now: 1) } throws: { error in
            String(describing: error).contains("scan0042.pdf")
        }
        #expect(throws: CorrectionError.noSuchOffer("ASTON-2022-9999")) {
            _ = try pipeline.reclassify(offer: "ASTON-2022-9999", file: "1", as: .cv, by: "clerk", reason: "x", now: 1)
        }
    }
}

/// The applicant asked to withdraw: recorded, nothing deleted, the applicant told once.
@Suite struct WithdrawTests {
    typealias T = IntakePipelineTests

    @Test func aWithdrawalIsRecordedOnceAndTheApplicantIsTold() throws {
        let (pipeline, database, offerID) = try ReclassifyTests.offerWithAMissedCV()
        let outcome = try pipeline.withdraw(offer: offerID, by: "clerk", reason: "she wrote on 21 June", now: T.deadline - 1000)
        #expect(outcome.reply == .correction)
        let offer = try #require(try database.offer(publicID: offerID))
        #expect(offer.withdrawnAt == T.deadline - 1000)
        #expect(offer.status == .incomplete, "the status stays what the rules say")
        let receipt = MessageParser().parse(Array(try database.replies(offerID: offer.id!).last!.bytes)).text ?? ""
        #expect(receipt.contains("withdrawn, as you asked") && !receipt.contains("Still missing"))
        #expect(try database.events(offerID: offer.id!).last?.kind == .withdrawn)
        #expect(try database.rows(publicID: offerID)?.messages.count == 1, "nothing deleted")
        let entry = try #require(try Register(database: database, configuration: T.configuration()).entry(publicID: offerID))
        #expect(RegisterFormats.jsonLine(entry).contains("\"withdrawn_at\":\"2022-06-27T22:43:20Z\""))
        #expect(throws: CorrectionError.self) {
            _ = try pipeline.withdraw(offer: offerID, by: "clerk", reason: "twice", now: T.deadline)
        }
    }
}

/// A question a person answered themselves: closed on the record, never answered by the robot.
@Suite struct AnsweredTests {
    typealias T = IntakePipelineTests

    @Test func aQuestionAnsweredByAPersonIsClosedWithoutAReply() throws {
        let (pipeline, database) = try T.pipeline()
        let outcome = try pipeline.ingest(T.fetched(T.mail(subject: "Question on the call", files: [], body: "Can I apply as a firm?"), uid: 1,
                                                    at: T.deadline - 86_400), now: T.deadline - 86_000)
        #expect(outcome.category == .correspondence)
        let messageID = outcome.messageRowID
        try pipeline.answered(messageRowID: messageID, by: "clerk", note: "yes, replied by phone", now: T.deadline - 80_000)
        #expect(try database.reviews().isEmpty, "no longer waits")
        let review = try #require(try database.reviews(includeDecided: true).first?.review)
        #expect((review.decision, review.decidedBy, review.note) == (.answered, "clerk", "yes, replied by phone"))
        #expect(try database.dueReplies(now: T.deadline).isEmpty)
        #expect(throws: ReviewError.self) { try pipeline.answered(messageRowID: messageID, by: "clerk", note: "again", now: T.deadline) }
    }
}

/// Two addresses, one applicant: a person merges the offers; nothing is lost or counted twice.
@Suite struct MergeTests {
    typealias T = IntakePipelineTests

    @Test func twoHalvesFromTwoAddressesMakeOneAcceptedOfferAndLaterMailFollows() throws {
        let (pipeline, database) = try T.pipeline()
        let first = try pipeline.ingest(T.fetched(T.mail(id: "a@x", files: Array(T.allFour.prefix(2))), uid: 1, at: T.deadline - 90_000),
                                        now: T.deadline - 89_000)
        let second = try pipeline.ingest(T.fetched(T.mail(from: "Awa Diallo <awa.diallo@work.example>", id: "b@x",
                                                          files: Array(T.allFour.suffix(2))), uid: 2, at: T.deadline - 80_000),
                                         now: T.deadline - 79_000)
        let (offerID, otherID) = (try #require(first.offerID), try #require(second.offerID))
        #expect(offerID != otherID)
        let outcome = try pipeline.merge(offer: offerID, other: otherID, by: "clerk", reason: "same person, two addresses", now: T.deadline - 70_000)
        #expect((outcome.statusBefore, outcome.statusAfter, outcome.reply) == (.incomplete, .accepted, .correction))
        let offer = try #require(try database.offer(publicID: offerID)), other = try #require(try database.offer(publicID: otherID))
        #expect(other.mergedInto == offer.id)
        #expect(try database.messages(offerID: offer.id!).map(\.messageID) == ["a@x", "b@x"])
        #expect(try database.messages(offerID: other.id!).isEmpty)
        // Later mail from the second address belongs to the merged offer, and is answered at the offer's address.
        let later = try pipeline.ingest(T.fetched(T.mail(from: "Awa Diallo <awa.diallo@work.example>", id: "c@x", files: ["Annex.pdf"]),
                                                  uid: 3, at: T.deadline - 60_000), now: T.deadline - 59_000)
        #expect(later.offerID == offerID)
        #expect(try database.replies(offerID: offer.id!).last?.recipient == "awa@example.org")
        let register = try Register(database: database, configuration: T.configuration())
        #expect(try register.entry(publicID: otherID)?.mergedInto == offerID)
        #expect(try register.entries().first { $0.id == otherID }?.mergedInto == offerID)
        #expect(throws: CorrectionError.self) {
            _ = try pipeline.merge(offer: offerID, other: otherID, by: "clerk", reason: "again", now: T.deadline)
        }
    }
}

/// A later deadline in the configuration extends the call; an earlier one is refused.
@Suite struct DeadlineExtensionTests {
    typealias T = IntakePipelineTests

    static func pipeline(deadline: Int64, database: OfferDatabase, announce: Bool = false) throws -> IntakePipeline {
        var configuration = try T.configuration()
        configuration.call.deadline = deadline
        configuration.call.announceDeadlineExtension = announce
        return IntakePipeline(configuration: configuration, database: database, composer: try ReplyComposer())
    }

    @Test func aLaterDeadlineCountsWhatWasLateAndTellsThoseWhoseOfferChanged() throws {
        let database = try OfferDatabase.inMemory()
        let first = try Self.pipeline(deadline: T.deadline, database: database)
        #expect(try first.noticeDeadline(by: "configuration", now: 1) == .recorded)
        let early = try first.ingest(T.fetched(T.mail(id: "a@x", files: Array(T.allFour.prefix(2))), uid: 1, at: T.deadline - 1000), now: T.deadline - 900)
        let late = try first.ingest(T.fetched(T.mail(id: "b@x", files: Array(T.allFour.suffix(2))), uid: 2, at: T.deadline + 100), now: T.deadline + 150)
        #expect((early.replyKind, late.replyKind) == (.incomplete, .late))
        let other = try first.ingest(T.fetched(T.mail(from: "Jo <jo@example.net>", id: "c@x", files: T.allFour), uid: 3, at: T.deadline + 200),
                                     now: T.deadline + 250)
        #expect(try database.offer(publicID: other.offerID!)?.status == .late)

        let extended = try Self.pipeline(deadline: T.deadline + 3600, database: database)
        let notice = try extended.noticeDeadline(by: "configuration", now: T.deadline + 300)
        #expect(notice == .extended(from: T.deadline, to: T.deadline + 3600, offersChanged: [early.offerID!, other.offerID!],
                                    told: [early.offerID!, other.offerID!]))
        let offer = try #require(try database.offer(publicID: early.offerID!))
        #expect(offer.status == .accepted, "the message that was late now counts")
        #expect(try database.messages(offerID: offer.id!).map(\.counted) == [true, true])
        #expect(try database.offer(publicID: other.offerID!)?.status == .accepted)
        #expect(try database.replies(offerID: offer.id!).map(\.kind) == [.incomplete, .late, .correction])
        #expect(try database.events(offerID: offer.id!).suffix(2).map(\.kind) == [.deadlineExtended, .statusChanged])

        #expect(try extended.noticeDeadline(by: "configuration", now: T.deadline + 400) == .unchanged)
        #expect(throws: EarlierDeadline.self) { _ = try first.noticeDeadline(by: "configuration", now: T.deadline + 500) }
    }

    @Test func withTheAnnouncementEveryoneWhoAppliedIsToldOfTheNewDeadline() throws {
        let database = try OfferDatabase.inMemory()
        let first = try Self.pipeline(deadline: T.deadline, database: database)
        _ = try first.noticeDeadline(by: "configuration", now: 1)
        let complete = try first.ingest(T.fetched(T.mail(files: T.allFour), uid: 1, at: T.deadline - 1000), now: T.deadline - 900)
        let quiet = try Self.pipeline(deadline: T.deadline + 3600, database: database)
        let announced = try Self.pipeline(deadline: T.deadline + 7200, database: database, announce: true)
        #expect(try quiet.noticeDeadline(by: "configuration", now: T.deadline) == .extended(
            from: T.deadline, to: T.deadline + 3600, offersChanged: [], told: []), "nothing changed for this offer")
        #expect(try announced.noticeDeadline(by: "configuration", now: T.deadline + 10) == .extended(
            from: T.deadline + 3600, to: T.deadline + 7200, offersChanged: [], told: [complete.offerID!]))
        let offer = try #require(try database.offer(publicID: complete.offerID!))
        let receipt = MessageParser().parse(Array(try database.replies(offerID: offer.id!).last!.bytes)).text ?? ""
        #expect(receipt.contains("the call's deadline is now 2022-06-28 01:00:00 UTC"))
    }
}

/// Review findings: merges never chain, a release sees a person's kinds, merged-away offers are not corrected.
@Suite struct CorrectionEdgeTests {
    typealias T = IntakePipelineTests

    static func offer(_ pipeline: IntakePipeline, from: String, uid: Int64, files: [String], at time: Int64) throws -> String {
        try #require(try pipeline.ingest(T.fetched(T.mail(from: from, id: "m\(uid)@x", files: files), uid: uid, at: time), now: time + 1).offerID)
    }

    @Test func aMergeIntoAnOfferThatAbsorbedAnotherRepointsItAndLaterMailFollows() throws {
        let (pipeline, database) = try T.pipeline()
        let a = try Self.offer(pipeline, from: "A <a@example.org>", uid: 1, files: ["Letter of intent.pdf"], at: T.deadline - 9000)
        let b = try Self.offer(pipeline, from: "B <b@example.org>", uid: 2, files: ["Workplan proposal.pdf"], at: T.deadline - 8000)
        let c = try Self.offer(pipeline, from: "C <c@example.org>", uid: 3, files: ["CV Awa Diallo.pdf"], at: T.deadline - 7000)
        _ = try pipeline.merge(offer: b, other: c, by: "clerk", reason: "same person", now: T.deadline - 6000)
        _ = try pipeline.merge(offer: a, other: b, by: "clerk", reason: "same person", now: T.deadline - 5000)
        let rowA = try #require(try database.offer(publicID: a)?.id)
        #expect(try database.offer(publicID: c)?.mergedInto == rowA, "not a chain through B")
        let later = try pipeline.ingest(T.fetched(T.mail(from: "C <c@example.org>", id: "m4@x", files: ["Financial offer.pdf"]), uid: 4,
                                                  at: T.deadline - 4000), now: T.deadline - 3999)
        #expect(later.offerID == a)
        #expect(try database.offer(publicID: a)?.status == .accepted)
        #expect(throws: CorrectionError.mergedAway(c)) { _ = try pipeline.withdraw(offer: c, by: "clerk", reason: "x", now: T.deadline) }
    }

    @Test func aReleasedMessageIsJudgedWithTheKindsAPersonGaveItsFiles() throws {
        let (pipeline, database) = try T.pipeline()
        var headers = ["Authentication-Results: mail.example.org; dmarc=fail header.from=example.org"]
        let held = try pipeline.ingest(T.fetched(T.mail(files: ["Letter of intent.pdf", "Workplan proposal.pdf", "Financial offer.pdf", "scan.pdf"],
                                                        headers: headers), uid: 1, at: T.deadline - 9000), now: T.deadline - 8999)
        #expect(held.category == .held)
        headers = []
        // No offer yet (a held first message makes none): the person names the file by its row.
        let scan = try #require(try database.ingest { tx in try tx.documents(messageID: held.messageRowID) }.first { $0.filename == "scan.pdf" })
        try database.ingest { tx in
            try tx.record(CorrectionRecord(offerId: nil, messageId: held.messageRowID, documentId: scan.id, kind: .reclassify,
                                           before: "other", after: "cv", reason: "her CV", decidedBy: "clerk", at: T.deadline - 8000))
        }
        let released = try pipeline.release(messageRowID: held.messageRowID, by: "clerk", note: "phoned her", now: T.deadline - 7000)
        #expect(released.replyKind == .acknowledgment, "the release counts the file as the CV a person said it is")
    }
}
