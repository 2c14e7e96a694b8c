import Foundation
import MIME
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// Personal data leaves on schedule; the proof stays.
@Suite struct RetentionTests {
    typealias T = IntakePipelineTests

    /// Raw messages 10 days after the deadline, documents 20, identities 30.
    static let policy: RetentionPolicy = {
        var policy = RetentionPolicy(countedFrom: T.deadline)
        (policy.rawMessagesDays, policy.documentsDays, policy.identitiesDays) = (10, 20, 30)
        return policy
    }()

    /// A complete offer and a newsletter (mail of no offer).
    static func register() throws -> (OfferDatabase, String) {
        let (pipeline, database) = try T.pipeline()
        let offer = try pipeline.ingest(T.fetched(T.mail(files: T.allFour), uid: 1, at: T.deadline - 86_400), now: T.deadline - 86_000)
        _ = try pipeline.ingest(T.fetched(T.mail(from: "News <news@lists.example.net>", subject: "Weekly digest", id: "n@x", files: [],
                                                 headers: ["List-Id: <weekly.example.net>", "Precedence: list"]), uid: 2, at: T.deadline - 500),
                                now: T.deadline - 400)
        return (database, try #require(offer.offerID))
    }

    @Test func eachKindOfDataLeavesOnItsDayAndTheProofStays() throws {
        let (database, id) = try Self.register()
        let purge = RetentionPurge(database: database, policy: Self.policy)
        let reader = DocumentReader(database: database)
        let offer = try #require(try database.offer(publicID: id))
        let counted = try database.countedDocuments(offerID: offer.id!).map(\.document)
        let reply = try #require(try database.replies(offerID: offer.id!).first)
        let day: Int64 = 86_400

        #expect(try purge.run(now: T.deadline + 10 * day - 1) == RetentionPurge.Report())
        #expect(try database.messages(offerID: offer.id!).allSatisfy { $0.purgedAt == nil })

        let raw = try purge.run(now: T.deadline + 10 * day)
        #expect(raw.due == [.rawMessages] && raw.rawMessages == 2 && raw.documents == 0 && raw.identities == 0)
        #expect(try database.messages(offerID: offer.id!).allSatisfy { $0.purgedAt == T.deadline + 10 * day })
        for document in counted {
            #expect(try Digests.sha256Hex(reader.bytes(sha256: document.sha256)) == document.sha256, "kept apart before the message went")
        }
        #expect(try purge.run(now: T.deadline + 20 * day - 1).rawMessages == 0, "nothing twice")

        let documents = try purge.run(now: T.deadline + 20 * day)
        #expect(documents.documents == 4)
        #expect(throws: DocumentReader.ReadError.purged(sha256: counted[0].sha256, at: T.deadline + 20 * day)) {
            _ = try reader.bytes(sha256: counted[0].sha256)
        }
        #expect(try database.offer(publicID: id)?.applicantName == "Awa Diallo", "identities stay until their own day")

        let identities = try purge.run(now: T.deadline + 30 * day)
        #expect(identities.identities == 1)
        let purged = try #require(try database.offer(publicID: id))
        #expect(purged.applicantName == nil && purged.applicantAddress == "purged-aston-2022-0001" && purged.identityPurgedAt == T.deadline + 30 * day)
        #expect(try database.messages(offerID: offer.id!).allSatisfy { $0.subject == nil && $0.fromAddress == nil && $0.fromName == nil })
        #expect(try database.countedDocuments(offerID: offer.id!).allSatisfy { $0.document.filename == nil })
        let replyAfter = try #require(try database.replies(offerID: offer.id!).first)
        #expect(replyAfter.bytes.isEmpty && replyAfter.recipient == "purged" && replyAfter.sha256 == Digests.sha256Hex(Array(reply.bytes)),
                "the reply's text is gone, the hash of what the applicant received stays")
        // The tombstone: the same offer, status, receipt times and hashes as before.
        #expect(purged.publicID == offer.publicID && purged.status == offer.status && purged.firstReceivedAt == offer.firstReceivedAt)
        #expect(try database.countedDocuments(offerID: offer.id!).map(\.document.sha256) == counted.map(\.sha256))
        #expect(try database.events(offerID: offer.id!).filter { $0.kind == .purged }.map(\.detail.purged) == [.rawMessages, .documents, .identities])
        let tombstones = try database.tombstones()
        #expect(tombstones.messages == 2 && tombstones.documents == 4 && tombstones.offers == 1 && tombstones.withoutProof == 0)
        #expect(try purge.run(now: T.deadline + 40 * day) == RetentionPurge.Report(due: [.rawMessages, .documents, .identities]),
                "a second purge finds nothing left")
        #expect(try database.events(offerID: offer.id!).filter { $0.kind == .purged }.count == 3)
    }

    @Test func aDryRunSaysWhatWouldGoAndChangesNothing() throws {
        let (database, id) = try Self.register()
        let report = try RetentionPurge(database: database, policy: Self.policy).run(now: T.deadline + 365 * 86_400, dryRun: true)
        #expect(report.dryRun && report.identities == 1 && report.documents == 4 && report.rawMessages == 2)
        let offer = try #require(try database.offer(publicID: id))
        #expect(offer.identityPurgedAt == nil && offer.applicantName == "Awa Diallo")
        #expect(try database.messages(offerID: offer.id!).allSatisfy { $0.purgedAt == nil })
        #expect(try database.events(offerID: offer.id!).allSatisfy { $0.kind != .purged })
    }

    @Test func aPurgeCutShortIsCompletedByTheNextRunAndNothingIsHalfDone() throws {
        let (database, id) = try Self.register()
        let offer = try #require(try database.offer(publicID: id))
        // The first message purged in its own transaction, then the process "dies" before the rest.
        let first = try #require(try database.messagesWithRawBytes(limit: 1).first)
        let reader = DocumentReader(database: database)
        let keeping = try first.parts.map { (sha256: $0.sha256, bytes: try reader.bytes(sha256: $0.sha256)) }
        #expect(try database.purgeRawMessage(first, keeping: keeping, at: T.deadline + 10 * 86_400))
        #expect(try database.purgeRawMessage(first, keeping: keeping, at: T.deadline + 10 * 86_400) == false, "a step is never done twice")
        let rest = try RetentionPurge(database: database, policy: Self.policy).run(now: T.deadline + 11 * 86_400)
        #expect(rest.rawMessages == 1, "the run completes what the cut one left")
        #expect(try database.retentionCounts().rawMessages == 0)
        #expect(try database.events(offerID: offer.id!).filter { $0.kind == .purged }.count == 1, "one entry per message purged")
        for document in try database.countedDocuments(offerID: offer.id!).map(\.document) {
            #expect(try Digests.sha256Hex(reader.bytes(sha256: document.sha256)) == document.sha256)
        }
    }

    @Test func aRetentionTableIsReadWithItsDefaults() throws {
        let text = try String(contentsOfFile: T.root.appendingPathComponent("fixtures/config/good/minimal.toml").path, encoding: .utf8)
        let defaults = try Configuration.parse(text + "\n[retention]\n", file: "t.toml").configuration.retention
        #expect(defaults == RetentionPolicy(countedFrom: T.deadline))
        #expect(defaults.map { ($0.rawMessagesDays, $0.documentsDays, $0.identitiesDays) } ?? (0, 0, 0) == (365, 1826, 1826))
        let set = try Configuration.parse(text + "\n[retention]\ncounted_from = 2023-01-01T00:00:00+01:00\nraw_messages_days = 30\n",
                                          file: "t.toml").configuration.retention
        #expect(set?.countedFrom == 1_672_527_600 && set?.rawMessagesDays == 30)
        #expect(throws: ConfigurationError.self) { _ = try Configuration.parse(text + "\n[retention]\ndocuments_days = -1\n", file: "t.toml") }
        #expect(try Configuration.parse(text, file: "t.toml").configuration.retention == nil, "no table: nothing is ever purged")
    }

    @Test func aRawMessageGoesNoLaterThanWhatItHolds() {
        var policy = RetentionPolicy(countedFrom: 0)
        (policy.rawMessagesDays, policy.documentsDays, policy.identitiesDays) = (400, 100, 200)
        #expect(policy.expiry(.rawMessages) == 100 * 86_400)
        #expect(policy.due(now: 100 * 86_400) == [.rawMessages, .documents])
    }
}
