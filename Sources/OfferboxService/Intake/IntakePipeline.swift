import Foundation
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
public final class IntakePipeline: @unchecked Sendable {
    let configuration: Configuration
    let database: OfferDatabase
    let analyzer: DocumentAnalyzer
    let composer: ReplyComposer
    let rules: OfferRules
    let policy: ReplyPolicy
    /// Not Sendable (it caches converters): one pipeline is used by one task at a time.
    private let parser = MessageParser()
    private let replyFrom: MessageBuilder.Mailbox

    public init(configuration: Configuration, database: OfferDatabase, composer: ReplyComposer,
                analyzer: DocumentAnalyzer? = nil) {
        self.configuration = configuration
        self.database = database
        self.composer = composer
        var analyzerConfiguration = DocumentAnalyzerConfiguration()
        if let cap = configuration.call.budgetCap, let money = Money(parsing: cap) { analyzerConfiguration.budgetCap = money }
        self.analyzer = analyzer ?? DocumentAnalyzer(analyzerConfiguration)
        self.rules = OfferRules(deadline: configuration.call.deadline, requiredDocuments: configuration.call.requiredDocuments)
        let own = configuration.call.ownAddresses + configuration.mailboxes.map(\.username)
            + [Configuration.address(configuration.smtp.from)].compactMap { $0 }
        self.policy = ReplyPolicy(ownAddresses: own.filter { $0.contains("@") }, dailyLimitPerAddress: configuration.replies.dailyLimitPerAddress)
        var defects = DefectSet()
        let from = AddressParser.parseList(Array(configuration.smtp.from.utf8), using: CharsetDecoder(), defects: &defects).first
        self.replyFrom = MessageBuilder.Mailbox(name: from?.name, address: from?.address ?? configuration.smtp.from)
    }

    /// Ingests one message; `now` is the time of storing (seconds since 1970).
    public func ingest(_ fetched: FetchedMessage, now: Int64) throws -> IngestOutcome {
        try store(prepare(fetched), now: now)
    }

    /// The CPU half of an ingest: parse, hashes, document analysis. It touches neither the store
    /// nor the outside world, so it may run while the previous message is being stored.
    public func prepare(_ fetched: FetchedMessage) -> PreparedMessage {
        let message = parser.parse(fetched.raw)
        let facts = MessageFacts(message)
        // Documents only matter for mail that may make an offer; the analysis is the expensive part.
        let preliminary = policy.decide(facts, repliesToday: { _ in 0 })
        let documents = preliminary.makesOffer ? analyzer.analyze(message) : nil
        return PreparedMessage(
            fetched: fetched, message: message, facts: facts, sha256: Digests.sha256Hex(fetched.raw),
            contentDigest: Digests.contentDigest(raw: fetched.raw, message: message), documents: documents,
            documentHashes: documents?.documents.map { Digests.sha256Hex($0.bytes) } ?? [])
    }

    /// The store half: ONE transaction. Stores run one at a time, in the order of the mailbox.
    public func store(_ prepared: PreparedMessage, now: Int64) throws -> IngestOutcome {
        let fetched = prepared.fetched, message = prepared.message, facts = prepared.facts, documents = prepared.documents
        let sha256 = prepared.sha256, digest = prepared.contentDigest
        let late = rules.isLate(receivedAt: fetched.internalDate)

        return try database.ingest { tx in
            var mailbox = try tx.mailbox(key: fetched.mailboxKey, now: now)
            guard let mailboxID = mailbox.id else { throw PipelineError.inconsistent("mailbox without id") }
            defer { _ = mailbox }
            if let location = try tx.location(mailboxID: mailboxID, uidValidity: fetched.uidValidity, uid: fetched.uid) {
                return IngestOutcome(action: .alreadyStored, locationID: location.id ?? 0, flagged: location.flagged,
                                     category: "", offerID: nil, replyKind: nil, reason: "already stored")
            }
            mailbox.uidValidity = fetched.uidValidity
            mailbox.highestUID = max(mailbox.highestUID, fetched.uid)
            mailbox.updatedAt = now
            try tx.saveMailbox(mailbox)

            if let existing = try tx.message(contentDigest: digest), let existingID = existing.id {
                let location = try tx.addLocation(messageID: existingID, mailboxID: mailboxID, uidValidity: fetched.uidValidity,
                                                  uid: fetched.uid, internalDate: fetched.internalDate)
                return IngestOutcome(action: .duplicateCopy, locationID: location.id ?? 0, flagged: false, category: existing.category,
                                     offerID: nil, replyKind: nil, reason: "same message already stored from another copy")
            }

            let decision = policy.decide(facts) { address in
                (try? tx.replyCount(recipient: address, since: now - 86_400)) ?? 0
            }
            var offer: OfferRecord?
            var counted = false
            if decision.makesOffer, let applicant = facts.fromAddress {
                if let existing = try tx.offer(applicantAddress: applicant) {
                    offer = existing
                    // A late message never counts toward an offer that began before the deadline.
                    counted = !late || rules.isLate(receivedAt: existing.firstReceivedAt)
                } else {
                    let number = try tx.nextOfferNumber()
                    let publicID = "\(configuration.call.reference)-\(String(number).leftPadded(to: 4))"
                    offer = try tx.insert(OfferRecord(
                        publicID: publicID, applicantAddress: applicant, applicantName: message.envelope.from.first?.name,
                        status: late ? OfferStatus.late.rawValue : OfferStatus.incomplete.rawValue,
                        firstReceivedAt: fetched.internalDate, receivedAt: fetched.internalDate, createdAt: now, updatedAt: now))
                    counted = true
                    try tx.appendEvent(offerID: offer!.id!, at: now, kind: "created", messageID: nil,
                                       detail: JSONText.object(["status": offer!.status]))
                }
            }

            // The Secretariat's copy of a reply a crash left unconfirmed: the server took that reply.
            if configuration.replies.copyTo != nil, let id = message.envelope.messageID {
                _ = try tx.confirmReplyCopy(messageID: id, at: now)
            }
            let stored = try tx.insert(MessageRecord(
                messageID: message.envelope.messageID, contentDigest: digest, sha256: sha256, raw: Data(),
                internalDate: fetched.internalDate, storedAt: now, fromAddress: facts.fromAddress,
                fromName: message.envelope.from.first?.name, subject: message.envelope.subject,
                category: decision.category.rawValue, offerId: offer?.id, counted: counted, late: late,
                replyDecision: decision.reason, defects: JSONText.array(message.defects.names + (documents?.defects.names ?? []))),
                raw: fetched.raw)
            guard let messageRowID = stored.id else { throw PipelineError.inconsistent("message without id") }
            let location = try tx.addLocation(messageID: messageRowID, mailboxID: mailboxID, uidValidity: fetched.uidValidity,
                                              uid: fetched.uid, internalDate: fetched.internalDate)

            for (document, hash) in zip(documents?.documents ?? [], prepared.documentHashes) {
                // A part's decoded body is found again in the stored message (DocumentReader); the
                // files unpacked from a zip, a winmail.dat or a uuencoded block are stored themselves.
                let part = document.origin == .part || document.isBodyLetter ? (messageSHA256: sha256, partPath: document.partPath) : nil
                for kindDecision in document.decisions {
                    _ = try tx.insert(DocumentRecord(
                        messageId: messageRowID, partPath: document.partPath, filename: document.filename, archive: document.archive,
                        kind: kindDecision.kind.rawValue, confidence: kindDecision.confidence,
                        reasons: JSONText.array(kindDecision.reasons), sha256: hash, size: Int64(document.bytes.count),
                        language: document.language?.language.rawValue, hasText: document.hasText,
                        financial: document.financial.map(JSONText.financial)), bytes: document.bytes, part: part)
                }
            }

            guard var currentOffer = offer, let offerID = currentOffer.id else {
                return IngestOutcome(action: .stored, locationID: location.id ?? 0, flagged: false, category: decision.category.rawValue,
                                     offerID: nil, replyKind: nil, reason: decision.reason)
            }

            if decision.category == .forged {
                currentOffer.attention = "a message failed the receiving server's sender checks (\(facts.dmarc == "fail" ? "DMARC" : "SPF")): confirm the applicant before counting this offer"
                try tx.appendEvent(offerID: offerID, at: now, kind: "held_forged_sender", messageID: messageRowID)
            }
            if decision.category == .withdrawal {
                currentOffer.attention = "withdrawal requested by message \(message.envelope.messageID ?? String(messageRowID))"
                try tx.appendEvent(offerID: offerID, at: now, kind: "withdrawal_requested", messageID: messageRowID)
            }
            let counted_ = try tx.countedDocuments(offerID: offerID)
            let evaluation = rules.evaluate(firstReceivedAt: currentOffer.firstReceivedAt, documents: counted_.map {
                OfferRules.Document(kind: DocumentKind(rawValue: $0.document.kind) ?? .other, filename: $0.document.filename ?? "(unnamed)",
                                    receivedAt: $0.internalDate, message: $0.document.messageId)
            })
            if counted {
                currentOffer.receivedAt = max(currentOffer.receivedAt, fetched.internalDate)
                try tx.appendEvent(offerID: offerID, at: now, kind: "message_counted", messageID: messageRowID,
                                   detail: JSONText.object(["kinds": (documents?.kinds ?? []).map(\.rawValue).joined(separator: ",")]))
                if !evaluation.replaced.isEmpty {
                    try tx.appendEvent(offerID: offerID, at: now, kind: "document_replaced", messageID: messageRowID,
                                       detail: JSONText.object(["replaced": evaluation.replaced.joined(separator: ", ")]))
                }
                if evaluation.status.rawValue != currentOffer.status {
                    try tx.appendEvent(offerID: offerID, at: now, kind: "status_changed", messageID: messageRowID,
                                       detail: JSONText.object(["from": currentOffer.status, "to": evaluation.status.rawValue]))
                    currentOffer.status = evaluation.status.rawValue
                }
            } else {
                try tx.appendEvent(offerID: offerID, at: now, kind: "late_message", messageID: messageRowID)
            }
            currentOffer.updatedAt = now
            try tx.update(currentOffer)

            var replyKind: ReplyKind?
            if let recipient = decision.replyTo, decision.category == .offer {
                let kind: ReplyKind = late ? .late : (evaluation.status == .accepted ? .acknowledgment : .incomplete)
                replyKind = kind
                let content = try replyContent(tx, offer: currentOffer, evaluation: evaluation, received: fetched.internalDate,
                                               now: now, hostedLinks: documents?.hostedLinks ?? [], documents: documents)
                let replyID = "offerbox.\(kind.rawValue).\(digest.prefix(24))@\(Self.domain(of: replyFrom.address))"
                let bytes = composer.compose(
                    kind: kind, content: content, from: replyFrom,
                    to: MessageBuilder.Mailbox(name: message.envelope.from.first?.name, address: recipient),
                    originalSubject: message.envelope.subject, inReplyTo: message.envelope.messageID,
                    references: message.envelope.references, messageID: replyID,
                    date: MessageDate(secondsSince1970: now, utcOffsetMinutes: 0))
                _ = try tx.queue(ReplyRecord(messageId: messageRowID, offerId: offerID, kind: kind.rawValue, recipient: recipient,
                                             rfc822MessageID: replyID, bytes: Data(bytes), createdAt: now))
            }
            return IngestOutcome(action: .stored, locationID: location.id ?? 0, flagged: false, category: decision.category.rawValue,
                                 offerID: currentOffer.publicID, replyKind: replyKind?.rawValue, reason: decision.reason)
        }
    }

    private func replyContent(
        _ tx: IngestTransaction, offer: OfferRecord, evaluation: OfferRules.Evaluation, received: Int64, now: Int64,
        hostedLinks: [String], documents: MessageDocuments?
    ) throws -> ReplyContent {
        let offset = configuration.call.localOffsetMinutes
        let zone = configuration.call.localZoneName
        let counted = try tx.countedDocuments(offerID: offer.id ?? 0)
        let currentNames = Set(evaluation.current.values.flatMap { $0 })
        let listed = counted.filter { currentNames.contains($0.document.filename ?? "(unnamed)") && $0.document.kind != DocumentKind.other.rawValue }
        let mails = try tx.messages(offerID: offer.id ?? 0).filter(\.counted)
        let notEnglish = (documents?.documents ?? []).contains { doc in
            guard let language = doc.language?.language else { return false }
            return language != .english && language != .other
        }
        return ReplyContent(
            applicantName: offer.applicantName ?? offer.applicantAddress,
            offerID: offer.publicID,
            callTitle: configuration.call.title,
            receivedUTC: ReplyContent.utc(received),
            receivedLocal: ReplyContent.local(received, offsetMinutes: offset, zone: zone),
            deadlineUTC: ReplyContent.utc(configuration.call.deadline),
            deadlineLocal: ReplyContent.local(configuration.call.deadline, offsetMinutes: offset, zone: zone),
            timeLeft: ReplyContent.duration(rules.secondsLeft(at: received)),
            documents: listed.map { entry in
                ReplyContent.Document(kind: ReplyContent.label(DocumentKind(rawValue: entry.document.kind) ?? .other),
                                      filename: entry.document.filename ?? "(unnamed)", size: ReplyContent.size(entry.document.size),
                                      sha256: entry.document.sha256)
            },
            mails: mails.map { ReplyContent.Mail(sha256: $0.sha256, receivedUTC: ReplyContent.utc($0.internalDate),
                                                  receivedLocal: ReplyContent.local($0.internalDate, offsetMinutes: offset, zone: zone)) },
            missing: evaluation.missing.map(ReplyContent.label),
            hostedLinks: hostedLinks,
            notInEnglish: notEnglish)
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
    /// SHA-256 of each of `documents.documents`, in order.
    let documentHashes: [String]
}

enum PipelineError: Error, CustomStringConvertible {
    case inconsistent(String)
    var description: String {
        switch self {
        case .inconsistent(let what): return "store inconsistency: \(what)"
        }
    }
}
