import Foundation
import Synchronization
import MIME
import OfferCore
public import OfferDocuments
public import OfferStore

/// Turns one fetched message into the register's records: parsed, classified, stored, its offer
/// updated and its reply queued in ONE transaction, so a crash at any moment leaves either all of
/// it or none of it. Idempotent on (mailbox, UIDVALIDITY, UID), and across mailboxes on the
/// content digest (``Digests/contentDigest(raw:message:)``).
///
/// The parse and the document analysis run before the transaction, outside the write lock.
public final class IntakePipeline: Sendable {
    let configuration: Configuration
    let database: OfferDatabase
    let analyzer: DocumentAnalyzer
    let composer: ReplyComposer
    let rules: OfferRules
    let policy: ReplyPolicy
    /// The parser caches charset converters, so it is not Sendable: each parse holds it alone.
    private let parser = Mutex(MessageParser())
    let replyFrom: MessageBuilder.Mailbox
    /// Where the time of each message goes (parse, analyse, store).
    let stages: IntakeStages

    /// `analyzer`: the daemon passes one for all its passes, so that its text cache outlives them.
    public init(configuration: Configuration, database: OfferDatabase, composer: ReplyComposer,
                analyzer: DocumentAnalyzer? = nil, stages: IntakeStages = IntakeStages()) {
        self.configuration = configuration
        self.database = database
        self.composer = composer
        self.stages = stages
        self.analyzer = analyzer ?? Self.analyzer(for: configuration)
        self.rules = OfferRules(deadline: configuration.call.deadline, requiredDocuments: configuration.call.requiredDocuments)
        let own = configuration.call.ownAddresses + configuration.mailboxes.map(\.username) + [configuration.smtp.from.address]
        self.policy = ReplyPolicy(ownAddresses: own.filter { $0.contains("@") }, dailyLimitPerAddress: configuration.replies.dailyLimitPerAddress)
        self.replyFrom = configuration.smtp.from
    }

    /// The call's document analyzer: its budget cap, the PDF workers when installed.
    public static func analyzer(for configuration: Configuration) -> DocumentAnalyzer {
        var analyzerConfiguration = DocumentAnalyzerConfiguration()
        analyzerConfiguration.budgetCap = configuration.call.budgetCap
        analyzerConfiguration.pdfWorker = PDFWorkerPool.installed
        return DocumentAnalyzer(analyzerConfiguration)
    }

    /// Ingests one message; `now` is the time of storing (seconds since 1970).
    public func ingest(_ fetched: FetchedMessage, now: Int64) throws -> IngestOutcome {
        try store(prepare(fetched), now: now)
    }

    /// The CPU half of an ingest: parse, hashes, document analysis. It touches neither the store
    /// nor the outside world, so it may run while the previous message is being stored.
    public func prepare(_ fetched: FetchedMessage) -> PreparedMessage {
        let (message, facts, sha256, contentDigest) = stages.measure(.parse) {
            let message = parser.withLock { $0.parse(fetched.raw) }
            return (message, MessageFacts(message, authservID: configuration.security.authservID), Digests.sha256Hex(fetched.raw),
                    Digests.contentDigest(raw: fetched.raw, message: message))
        }
        // Documents only matter for mail that may make an offer; the analysis is the expensive part.
        let preliminary = policy.decide(facts, repliesToday: { _ in 0 })
        let documents = preliminary.makesOffer ? stages.measure(.analyse) { analyzer.analyze(message) } : nil
        return PreparedMessage(fetched: fetched, message: message, facts: facts, sha256: sha256, contentDigest: contentDigest,
                               documents: documents)
    }

    /// The store half: ONE transaction. Stores run one at a time, in the order of the mailbox.
    public func store(_ prepared: PreparedMessage, now: Int64) throws -> IngestOutcome {
        try stages.measure(.store) { try storeNow(prepared, now: now) }
    }

    private func storeNow(_ prepared: PreparedMessage, now: Int64) throws -> IngestOutcome {
        let fetched = prepared.fetched
        return try database.ingest { tx in
            let mailboxID: Int64
            switch try book(fetched, contentDigest: prepared.contentDigest, in: &tx, now: now) {
            case .done(let outcome): return outcome
            case .new(let id): mailboxID = id
            }
            // The Secretariat's copy of a reply a crash left unconfirmed: the server took that reply.
            if configuration.replies.copyTo != nil, let id = prepared.message.envelope.messageID {
                _ = try tx.confirmReplyCopy(messageID: id, at: now)
            }
            var outcome = try settle(prepared, .new(newMessage(prepared, now: now)), released: false, in: &tx, now: now)
            outcome.locationID = try tx.addLocation(messageID: outcome.messageRowID, mailboxID: mailboxID, uidValidity: fetched.uidValidity,
                                                    uid: fetched.uid, internalDate: fetched.internalDate).id ?? 0
            return outcome
        }
    }

    /// Sets a message aside without parsing it: the daemon died while it was in hand too often.
    /// Its raw bytes are stored, a person decides (`offerbox release` / `dismiss`), and the copy is
    /// flagged on the server like any stored message, so it is never fetched again by itself.
    public func quarantine(_ fetched: FetchedMessage, reason: String, now: Int64) throws -> IngestOutcome {
        let sha256 = Digests.sha256Hex(fetched.raw)
        let digest = "quarantined:" + sha256
        return try database.ingest { tx in
            switch try book(fetched, contentDigest: digest, in: &tx, now: now) {
            case .done(let outcome): return outcome
            case .new(let mailboxID):
                let stored = try tx.insert(MessageRecord(
                    messageID: nil, contentDigest: digest, sha256: sha256, raw: Data(), internalDate: fetched.internalDate,
                    storedAt: now, fromAddress: nil, fromName: nil, subject: nil, category: .quarantined,
                    offerId: nil, counted: false, late: rules.isLate(receivedAt: fetched.internalDate), replyDecision: reason,
                    defects: []), raw: fetched.raw)
                guard let messageRowID = stored.id else { throw PipelineError.inconsistent("message without id") }
                let location = try tx.addLocation(messageID: messageRowID, mailboxID: mailboxID, uidValidity: fetched.uidValidity,
                                                  uid: fetched.uid, internalDate: fetched.internalDate)
                try tx.openReview(messageID: messageRowID, kind: .quarantined, reason: reason, at: now)
                return IngestOutcome(action: .stored, locationID: location.id ?? 0, flagged: false, category: .quarantined,
                                     offerID: nil, replyKind: nil, reason: reason, messageRowID: messageRowID)
            }
        }
    }

    private enum Booking {
        /// Nothing more to store: this copy, or the same message, is stored already.
        case done(IngestOutcome)
        /// A new message for the mailbox with this row id.
        case new(mailboxID: Int64)
    }

    /// The mailbox's bookkeeping and the two idempotency keys: (mailbox, UIDVALIDITY, UID), then
    /// the content digest (the same message in another mailbox or after a UIDVALIDITY change).
    private func book(_ fetched: FetchedMessage, contentDigest: String, in tx: inout IngestTransaction, now: Int64) throws -> Booking {
        var mailbox = try tx.mailbox(key: fetched.mailboxKey, now: now)
        guard let mailboxID = mailbox.id else { throw PipelineError.inconsistent("mailbox without id") }
        if let location = try tx.location(mailboxID: mailboxID, uidValidity: fetched.uidValidity, uid: fetched.uid) {
            return .done(IngestOutcome(action: .alreadyStored, locationID: location.id ?? 0, flagged: location.flagged,
                                       category: nil, offerID: nil, replyKind: nil, reason: "already stored",
                                       messageRowID: location.messageId))
        }
        mailbox.uidValidity = fetched.uidValidity
        mailbox.highestUID = max(mailbox.highestUID, fetched.uid)
        mailbox.updatedAt = now
        try tx.saveMailbox(mailbox)
        // Processed to the end: no longer suspected of killing the daemon.
        try tx.clearSuspect(mailboxKey: fetched.mailboxKey, uidValidity: fetched.uidValidity, uid: fetched.uid)
        if let existing = try tx.message(contentDigest: contentDigest), let existingID = existing.id {
            let location = try tx.addLocation(messageID: existingID, mailboxID: mailboxID, uidValidity: fetched.uidValidity,
                                              uid: fetched.uid, internalDate: fetched.internalDate)
            return .done(IngestOutcome(action: .duplicateCopy, locationID: location.id ?? 0, flagged: false, category: existing.category,
                                       offerID: nil, replyKind: nil, reason: "same message already stored from another copy",
                                       messageRowID: existingID))
        }
        return .new(mailboxID: mailboxID)
    }

    /// The message and its documents as the store keeps them; the decision sets what depends on its offer.
    func newMessage(_ prepared: PreparedMessage, now: Int64) -> NewMessage {
        NewMessage(record: messageRecord(prepared, now: now), raw: prepared.fetched.raw, documents: newDocuments(prepared))
    }

    /// The message's row before its decision (its category as the reply policy sees it alone).
    func messageRecord(_ prepared: PreparedMessage, now: Int64) -> MessageRecord {
        let message = prepared.message, facts = prepared.facts
        var record = MessageRecord(
            messageID: message.envelope.messageID, contentDigest: prepared.contentDigest, sha256: prepared.sha256, raw: Data(),
            internalDate: prepared.fetched.internalDate, storedAt: now, fromAddress: facts.fromAddress,
            fromName: message.envelope.from.first?.name, subject: message.envelope.subject,
            category: policy.decide(facts) { _ in 0 }.category, offerId: nil, counted: false,
            late: rules.isLate(receivedAt: prepared.fetched.internalDate), replyDecision: "",
            defects: message.defects.names + (prepared.documents?.defects.names ?? []))
        record.authentication = facts.authentication
        record.replyToAddress = facts.replyToAddress.flatMap { $0 == facts.fromAddress ? nil : $0 }
        return record
    }

    /// Every document of the message, one row per kind it holds.
    func newDocuments(_ prepared: PreparedMessage) -> [NewDocument] {
        (prepared.documents?.documents ?? []).flatMap { document in
            // A part's decoded body is found again in the stored message (DocumentReader); the
            // files unpacked from a zip, a winmail.dat or a uuencoded block are stored themselves.
            let part = document.origin == .part || document.isBodyLetter ? (messageSHA256: prepared.sha256, partPath: document.partPath) : nil
            return document.decisions.map { kindDecision in
                NewDocument(record: DocumentRecord(
                    messageId: 0, partPath: document.partPath, filename: document.filename, archive: document.archive,
                    kind: kindDecision.kind, confidence: kindDecision.confidence, reasons: kindDecision.reasons,
                    sha256: document.sha256, size: Int64(document.bytes.count), language: document.language?.language.rawValue,
                    hasText: document.hasText, financial: document.financial.map(StoredFigures.init)), bytes: document.bytes, part: part)
            }
        }
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "offerbox.invalid"
    }
}

/// A message parsed, hashed and analysed by ``IntakePipeline/prepare(_:)``, not yet stored.
public struct PreparedMessage: Sendable {
    let fetched: FetchedMessage
    let message: Message
    let facts: MessageFacts
    let sha256: String
    let contentDigest: String
    let documents: MessageDocuments?

    /// Bytes of the decoded documents it holds until it is stored.
    var documentBytes: Int { (documents?.documents ?? []).reduce(0) { $0 + $1.bytes.count } }
}

enum PipelineError: Error, CustomStringConvertible {
    case inconsistent(String)
    var description: String {
        switch self {
        case .inconsistent(let what): return "store inconsistency: \(what)"
        }
    }
}
