import Foundation
import MIME
import OfferCore
import GRDB
@testable import OfferStore
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

    @Test func anOfferIsNotErasedWhileTheCallKeepsItsRecordsButMailOfNoOfferIs() throws {
        let (pipeline, database) = try T.pipeline()
        let offer = try #require(try pipeline.ingest(T.fetched(T.mail(files: T.allFour), uid: 1, at: T.deadline - 86_400), now: T.deadline - 86_000).offerID)
        _ = try pipeline.ingest(T.fetched(T.mail(from: "Jo <jo@example.net>", subject: "A question about the budget", id: "q@x", files: [],
                                                 body: "Is the budget cap including VAT?"), uid: 2, at: T.deadline - 5000), now: T.deadline - 4000)
        let purge = RetentionPurge(database: database, policy: Self.policy)
        #expect(throws: RetentionPurge.ErasureRefused.recordOfTheCall(offers: [offer], until: Self.policy.expiry(.documents))) {
            _ = try purge.erase(address: "AWA@example.org", now: T.deadline + 86_400)
        }
        #expect(try database.offer(publicID: offer)?.applicantName == "Awa Diallo", "refused: nothing changed")
        let erased = try purge.erase(address: "jo@example.net", now: T.deadline + 86_400)
        #expect(erased.offers.isEmpty && erased.messages == 1)
        let question = try #require(try database.personalData(address: "jo@example.net").messages.first ?? database.message(id: 2))
        #expect(question.fromAddress == nil && question.subject == nil && question.purgedAt == T.deadline + 86_400)
        #expect(try database.personalData(address: "jo@example.net").messages.isEmpty, "nothing is held about the address any more")
        #expect(throws: RetentionPurge.ErasureRefused.nothingHeld("jo@example.net")) { _ = try purge.erase(address: "jo@example.net", now: T.deadline + 86_401) }
        // Once the call's records may go, the offer is erased too, to its tombstone.
        let later = try purge.erase(address: "awa@example.org", now: Self.policy.expiry(.documents))
        #expect(later.offers == [offer] && later.documents == 4)
        #expect(try database.offer(publicID: offer)?.identityPurgedAt == Self.policy.expiry(.documents))
    }

    @Test func contentAnotherOfferStillHoldsIsNotRemoved() throws {
        let (pipeline, database) = try T.pipeline()
        let awa = try #require(try pipeline.ingest(T.fetched(T.mail(files: T.allFour), uid: 1, at: T.deadline - 86_400), now: T.deadline - 86_000).offerID)
        // Jo sends the very same CV file (same bytes, same SHA-256) with an offer of their own.
        let jo = try #require(try pipeline.ingest(T.fetched(T.mail(from: "Jo <jo@example.net>", id: "jo@x", files: ["CV Awa Diallo.pdf"]), uid: 2,
                                                             at: T.deadline - 80_000), now: T.deadline - 79_000).offerID)
        let awaID = try #require(try database.offer(publicID: awa)?.id)
        let joID = try #require(try database.offer(publicID: jo)?.id)
        let shared = try #require(try database.countedDocuments(offerID: joID).first?.document.sha256)
        #expect(try database.countedDocuments(offerID: awaID).contains { $0.document.sha256 == shared })
        let removed = try database.purgeDocumentContents(limit: 100, offers: [awaID], at: T.deadline + 1)
        #expect(removed == 3, "Awa's three other documents")
        #expect(try Digests.sha256Hex(DocumentReader(database: database).bytes(sha256: shared)) == shared, "Jo's offer still holds it")
    }

    @Test func aSubjectAccessHoldsEveryOfferMessageDocumentAndReplyAndSaysWhatWasRemoved() throws {
        let (database, id) = try Self.register()
        let configuration = try T.configuration()
        let register = Register(database: database, configuration: configuration)
        let before = try SubjectAccess.collect(address: "Awa@Example.org", register: register, database: database, now: T.deadline)
        #expect(before.files.map(\.folder).sorted() == ["documents/\(id)", "documents/\(id)", "documents/\(id)", "documents/\(id)", "messages", "replies"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(before.summary.utf8)) as? [String: Any])
        #expect((summary["offers"] as? [[String: Any]])?.first?["id"] as? String == id)
        #expect((summary["messages"] as? [[String: Any]])?.count == 1 && (summary["replies"] as? [[String: Any]])?.count == 1)
        for file in before.files where file.folder.hasPrefix("documents") {
            #expect(file.bytes.starts(with: Array("%PDF".utf8)))
        }
        _ = try RetentionPurge(database: database, policy: Self.policy).run(now: T.deadline + 20 * 86_400)
        let after = try SubjectAccess.collect(address: "awa@example.org", register: register, database: database, now: T.deadline + 20 * 86_400)
        #expect(after.files.map(\.folder) == ["replies"], "the documents' contents and the raw message are gone")
        #expect(after.summary.contains("removed by retention at"))
    }

    @Test func theServersCopiesOfPurgedMessagesAreKnownUntilExpunged() throws {
        let (database, _) = try Self.register()
        let key = "secretariat@example.org@imaps://mail.example.org/INBOX"
        #expect(try database.purgedCopies(mailboxKey: key, uidValidity: 1).isEmpty, "nothing purged yet")
        _ = try RetentionPurge(database: database, policy: Self.policy).run(now: T.deadline + 10 * 86_400)
        #expect(try database.purgedCopies(mailboxKey: key, uidValidity: 1) == [1, 2])
        #expect(try database.purgedCopies(mailboxKey: key, uidValidity: 2).isEmpty, "another UIDVALIDITY holds other messages")
        try database.markExpunged(mailboxKey: key, uidValidity: 1, uids: [1], at: T.deadline + 10 * 86_400)
        #expect(try database.purgedCopies(mailboxKey: key, uidValidity: 1) == [2])
    }

    @Test func onAStoreWithFilesThePurgedBytesLeaveTheDiskAndACrashsLeftoverIsRemovedNextTime() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try OfferDatabase.open(path: folder.appendingPathComponent("offers.sqlite").path)
        let pipeline = IntakePipeline(configuration: try T.configuration(), database: database, composer: try ReplyComposer())
        let id = try #require(try pipeline.ingest(T.fetched(T.mail(files: T.allFour), uid: 1, at: T.deadline - 86_400), now: T.deadline - 86_000).offerID)
        let files = try #require(database.files)
        let offerRow = try #require(try database.offer(publicID: id)?.id)
        let message = try #require(try database.messages(offerID: offerRow).first)
        let raw = try files.path(sha256: message.sha256)
        #expect(FileManager.default.fileExists(atPath: raw))
        let purge = RetentionPurge(database: database, policy: Self.policy)
        _ = try purge.run(now: T.deadline + 10 * 86_400)
        #expect(!FileManager.default.fileExists(atPath: raw), "the raw message left the disk")
        let documents = try database.countedDocuments(offerID: message.offerId!).map(\.document.sha256)
        #expect(try documents.allSatisfy { FileManager.default.fileExists(atPath: try files.path(sha256: $0)) }, "its documents were stored apart")
        // A crash between a commit and the removal of its file leaves the file: the next run removes it.
        try files.store(Array("left over".utf8), sha256: message.sha256)
        #expect(try database.unreferencedFiles() == [message.sha256])
        let next = try purge.run(now: T.deadline + 20 * 86_400)
        #expect(next.documents == 4 && next.files == 1)
        #expect(try database.unreferencedFiles().isEmpty)
        #expect(try documents.allSatisfy { !FileManager.default.fileExists(atPath: try files.path(sha256: $0)) })
        var intact = 0
        try database.forEachMessage { _, _, _ in intact += 1 }
        #expect(intact == 0, "verify has no purged message to re-hash")
    }

    /// Every text of every table, lowercased: what a person reading the database file could find.
    static func everyText(_ database: OfferDatabase) throws -> String {
        try database.writer.read { db in
            var texts: [String] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    for value in row.databaseValues {
                        switch value.storage {
                        case .string(let text): texts.append(text)
                        case .blob(let data): texts.append(String(decoding: data, as: UTF8.self))
                        default: break
                        }
                    }
                }
            }
            return texts.joined(separator: "\n").lowercased()
        }
    }

    @Test func afterTheIdentitiesNoTableNamesTheApplicant() throws {
        let (database, _) = try Self.register()
        #expect(try Self.everyText(database).contains("awa@example.org"), "the scan finds the address while it is kept")
        _ = try RetentionPurge(database: database, policy: Self.policy).run(now: T.deadline + 30 * 86_400)
        let texts = try Self.everyText(database)
        for trace in ["awa@example.org", "awa diallo", "news@lists.example.net", "weekly digest"] {
            #expect(!texts.contains(trace), "\(trace) is still in the database")
        }
    }

    @Test func anErasureOfAReplyToAddressLeavesTheOtherApplicantsRecordWhole() throws {
        let (pipeline, database) = try T.pipeline()
        let jo = try #require(try pipeline.ingest(T.fetched(T.mail(from: "Jo <jo@example.net>", id: "jo@x", files: T.allFour,
                                                                   headers: ["Reply-To: helper@example.com"]), uid: 1, at: T.deadline - 90_000),
                                                  now: T.deadline - 89_000).offerID)
        let joRow = try #require(try database.offer(publicID: jo)?.id)
        let message = try #require(try database.messages(offerID: joRow).first)
        #expect(message.replyToAddress == "helper@example.com")
        let erased = try RetentionPurge(database: database, policy: Self.policy).erase(address: "helper@example.com", now: T.deadline + 1)
        #expect(erased.messages == 0 && erased.documents == 0 && erased.offers.isEmpty)
        let after = try #require(try database.message(id: message.id!))
        #expect(after.replyToAddress == nil && after.purgedAt == nil && after.fromAddress == "jo@example.net",
                "Jo's offer keeps its message; only the other address is gone")
    }

    @Test func aQueuedReplyWhoseTextWasRemovedIsNeverSent() throws {
        let (pipeline, database) = try T.pipeline()
        let offer = try #require(try pipeline.ingest(T.fetched(T.mail(files: T.allFour), uid: 1, at: T.deadline - 86_400), now: T.deadline - 86_000).offerID)
        #expect(try database.dueReplies(now: T.deadline + 40 * 86_400).count == 1)
        _ = try RetentionPurge(database: database, policy: Self.policy).run(now: T.deadline + 30 * 86_400)
        #expect(try database.dueReplies(now: T.deadline + 40 * 86_400).isEmpty)
        #expect(throws: CorrectionError.purged(offer)) {
            _ = try pipeline.withdraw(offer: offer, by: "clerk", reason: "asked", now: T.deadline + 31 * 86_400)
        }
    }
}
