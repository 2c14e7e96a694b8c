import Foundation
import GRDB
public import OfferCore

/// The intent-named reads and writes available inside ``OfferDatabase/ingest(_:)``: one message
/// is stored, its offer updated and its reply queued in the same transaction.
public struct IngestTransaction {
    let db: Database
    /// Where large bytes go; nil keeps them in the rows (in-memory databases).
    let files: BlobFiles?

    // MARK: Mailboxes

    /// The mailbox row for `key`, created on first use.
    public mutating func mailbox(key: String, now: Int64) throws -> MailboxRecord {
        if let existing = try MailboxRecord.withKey(key).fetchOne(db) { return existing }
        var record = MailboxRecord(id: nil, key: key, uidValidity: nil, highestUID: 0, updatedAt: now)
        try record.insert(db)
        return record
    }

    public mutating func saveMailbox(_ record: MailboxRecord) throws {
        var record = record
        try record.save(db)
    }

    // MARK: Messages

    /// The copy already stored at (mailbox, UIDVALIDITY, UID), if any: the first idempotency key.
    public func location(mailboxID: Int64, uidValidity: Int64, uid: Int64) throws -> MessageLocationRecord? {
        try MessageLocationRecord.at(mailboxID: mailboxID, uidValidity: uidValidity, uid: uid).fetchOne(db)
    }

    /// The message with this content digest, if any: the same message found in another mailbox, or
    /// again after a UIDVALIDITY change.
    public func message(contentDigest: String) throws -> MessageSummary? {
        try MessageSummary.withContentDigest(contentDigest).fetchOne(db)
    }

    public mutating func insert(_ message: MessageRecord) throws -> MessageRecord {
        var message = message
        try message.insert(db)
        return message
    }

    /// Stores a message whose raw bytes are passed apart (`message.raw` left empty, `message.sha256`
    /// their hash): into ``BlobFiles``, durable before this transaction commits, or, without files,
    /// bound into the row without a copy (``LargeBlobStatement``), as a message is megabytes large.
    public mutating func insert(_ message: MessageRecord, raw: [UInt8]) throws -> MessageRecord {
        var message = message
        message.raw = Data()
        message.size = Int64(raw.count)
        if let files {
            try files.store(raw, sha256: message.sha256)
            message.rawInFile = true
            try message.insert(db)
            return message
        }
        try message.insert(db)
        guard let id = message.id else { throw DatabaseError(message: "message inserted without a row id") }
        try LargeBlobStatement.execute("UPDATE message SET raw = ?1 WHERE id = ?2", blob: raw, arguments: [.integer(id)], in: db)
        return message
    }

    public mutating func update(_ message: MessageRecord) throws {
        try message.update(db)
    }

    public mutating func addLocation(messageID: Int64, mailboxID: Int64, uidValidity: Int64, uid: Int64,
                                     internalDate: Int64) throws -> MessageLocationRecord {
        var location = MessageLocationRecord(id: nil, messageId: messageID, mailboxId: mailboxID, uidValidity: uidValidity,
                                             uid: uid, internalDate: internalDate, flagged: false)
        try location.insert(db)
        return location
    }

    // MARK: Documents

    /// Stores a document and its bytes, once per distinct SHA-256: not at all when `part` says they
    /// are the decoded body of a MIME part of a message stored in this transaction or before (the
    /// raw message's SHA-256 and the part's IMAP section), else in ``BlobFiles`` when there are files.
    public mutating func insert(_ document: DocumentRecord, bytes: [UInt8],
                                part: (messageSHA256: String, partPath: String)? = nil) throws -> DocumentRecord {
        // Identical files are stored once; the check first spares writing bytes already there.
        if try !(Bool.fetchOne(db, sql: "SELECT 1 FROM blob WHERE sha256 = ?", arguments: [document.sha256]) ?? false) {
            if let part {
                try db.execute(sql: "INSERT INTO blob (bytes, sha256, size, sourceMessage, sourcePart) VALUES (x'', ?, ?, ?, ?)",
                               arguments: [document.sha256, bytes.count, part.messageSHA256, part.partPath])
            } else if let files {
                try files.store(bytes, sha256: document.sha256)
                try db.execute(sql: "INSERT INTO blob (bytes, sha256, size, inFile) VALUES (x'', ?, ?, 1)",
                               arguments: [document.sha256, bytes.count])
            } else {
                try LargeBlobStatement.execute("INSERT INTO blob (bytes, sha256, size) VALUES (?1, ?2, ?3)", blob: bytes,
                                               arguments: [.text(document.sha256), .integer(Int64(bytes.count))], in: db)
            }
        }
        var document = document
        try document.insert(db)
        return document
    }

    /// The documents of the counted messages of an offer, with each message's INTERNALDATE, oldest first.
    public func countedDocuments(offerID: Int64) throws -> [(document: DocumentRecord, internalDate: Int64)] {
        try Queries.countedDocuments(db, offerID: offerID)
    }

    // MARK: Offers

    /// The offer mail from `applicantAddress` belongs to: its own, or the one a person merged it into.
    public func offer(applicantAddress: String) throws -> OfferRecord? {
        var offer = try OfferRecord.of(applicant: applicantAddress).fetchOne(db)
        // A merge points at an offer that is not merged itself (a later merge repoints the earlier
        // ones); the bound only guards a bad row.
        for _ in 0..<8 {
            guard let into = offer?.mergedInto else { break }
            offer = try OfferRecord.fetchOne(db, key: into)
        }
        return offer
    }

    public func offer(id: Int64) throws -> OfferRecord? {
        try OfferRecord.fetchOne(db, key: id)
    }

    /// The next number for a public id (`ASTON-2022-0007`), taken from the offer sequence: never
    /// issued twice, whatever rows are deleted later.
    public mutating func nextOfferNumber() throws -> Int {
        guard let number = try Int.fetchOne(db, sql: "SELECT next FROM sequence WHERE name = 'offer'") else {
            throw DatabaseError(message: "the offer sequence is missing")
        }
        try db.execute(sql: "UPDATE sequence SET next = next + 1 WHERE name = 'offer'")
        return number
    }

    public mutating func insert(_ offer: OfferRecord) throws -> OfferRecord {
        var offer = offer
        try offer.insert(db)
        return offer
    }

    public mutating func update(_ offer: OfferRecord) throws {
        try offer.update(db)
    }

    public mutating func appendEvent(offerID: Int64, at time: Int64, kind: OfferEventKind, messageID: Int64?,
                                     detail: OfferEventDetail = OfferEventDetail()) throws {
        var event = OfferEventRecord(offerId: offerID, at: time, kind: kind, messageId: messageID, detail: detail)
        try event.insert(db)
    }

    /// Every message of an offer, oldest first.
    public func messages(offerID: Int64) throws -> [MessageSummary] {
        try MessageSummary.ofOffer(offerID).fetchAll(db)
    }

    /// A stored message without its bytes.
    public func message(id: Int64) throws -> MessageSummary? {
        try MessageSummary.fetchOne(db, key: id)
    }

    /// What became of a message once its offer is known: its category, offer, whether it counts,
    /// and why it was or was not answered.
    mutating func setDisposition(messageID: Int64, category: MessageCategory, offerID: Int64?, counted: Bool, replyDecision: String) throws {
        try db.execute(sql: "UPDATE message SET category = ?, offerId = ?, counted = ?, replyDecision = ? WHERE id = ?",
                       arguments: [category, offerID, counted, replyDecision, messageID])
    }

    /// What a quarantined message's headers say, once a person had it parsed: `record`'s header
    /// facts and content digest replace the placeholders stored with its raw bytes.
    public mutating func describe(messageID: Int64, as record: MessageRecord) throws {
        guard var stored = try MessageRecord.fetchOne(db, key: messageID) else { throw DatabaseError(message: "no message \(messageID)") }
        (stored.messageID, stored.contentDigest, stored.fromAddress, stored.fromName, stored.subject) =
            (record.messageID, record.contentDigest, record.fromAddress, record.fromName, record.subject)
        (stored.defects, stored.authentication, stored.replyToAddress) = (record.defects, record.authentication, record.replyToAddress)
        try stored.update(db, columns: ["messageID", "contentDigest", "fromAddress", "fromName", "subject", "defects",
                                        "authentication", "replyToAddress"])
    }

    // MARK: Reviews and suspects

    /// Sets a message aside for a person.
    @discardableResult
    public mutating func openReview(messageID: Int64, kind: ReviewRecord.Kind, reason: String, at time: Int64) throws -> ReviewRecord {
        var review = ReviewRecord(messageId: messageID, kind: kind, reason: reason, openedAt: time)
        try review.insert(db)
        return review
    }

    /// The message's review still waiting for a decision, if any.
    public func review(messageID: Int64) throws -> ReviewRecord? {
        try ReviewRecord.open(messageID: messageID).fetchOne(db)
    }

    /// Records a person's decision on a review still open; false when it was already decided.
    public mutating func decide(reviewID: Int64, _ decision: ReviewRecord.Decision, by person: String, note: String, at time: Int64) throws -> Bool {
        try db.execute(sql: "UPDATE review SET decision = ?, decidedBy = ?, decidedAt = ?, note = ? WHERE id = ? AND decision IS NULL",
                       arguments: [decision, person, time, note, reviewID])
        return db.changesCount == 1
    }

    /// A message processed to the end is no longer suspected of killing the daemon.
    public mutating func clearSuspect(mailboxKey: String, uidValidity: Int64, uid: Int64) throws {
        try db.execute(sql: "DELETE FROM suspect WHERE mailboxKey = ? AND uidValidity = ? AND uid = ?",
                       arguments: [mailboxKey, uidValidity, uid])
    }

    // MARK: Replies

    /// Queues a reply; the schema refuses a second reply to the same message.
    public mutating func queue(_ reply: ReplyRecord) throws -> ReplyRecord {
        var reply = reply
        try reply.insert(db)
        return reply
    }

    /// A stored message is the copy of reply `messageID` that waited for it: the server took that
    /// reply before the crash that kept us from reading its answer. Marks it sent; true if one was.
    public mutating func confirmReplyCopy(messageID: String, at time: Int64) throws -> Bool {
        try Queries.markRepliesSent(db, at: time, countingAttempt: false,
                                    where: "rfc822MessageID = ? AND state = ? AND unconfirmedSince IS NOT NULL",
                                    [messageID, ReplyRecord.State.queued]) > 0
    }

    /// Replies queued or sent to `recipient` since `time`, for the per-address daily limit.
    public func replyCount(recipient: String, since time: Int64) throws -> Int {
        // Recipients are stored lowercased (they are offer addresses), so the index on (recipient, createdAt) serves.
        try Int.fetchOne(db, sql: "SELECT count(*) FROM reply WHERE recipient = ? AND createdAt >= ?",
                         arguments: [recipient.lowercased(), time]) ?? 0
    }
}

extension IngestTransaction {
    // MARK: Corrections

    /// Records a person's correction beside the robot's decision (the schema refuses to change it later).
    @discardableResult
    public mutating func record(_ correction: CorrectionRecord) throws -> CorrectionRecord {
        var correction = correction
        try correction.insert(db)
        return correction
    }

    // MARK: Retention

    /// Keeps a document's bytes by themselves, no longer only as a part of its raw message, so that
    /// the message can be purged while the document is kept (issue 12). `bytes` must hash to `sha256`.
    public mutating func keepDocumentBytes(sha256: String, bytes: [UInt8]) throws {
        guard let blob = try BlobRecord.fetchOne(db, key: sha256), blob.sourceMessage != nil else { return }
        if let files {
            try files.store(bytes, sha256: sha256)
            try db.execute(sql: "UPDATE blob SET inFile = 1, sourceMessage = NULL, sourcePart = NULL WHERE sha256 = ?", arguments: [sha256])
        } else {
            try LargeBlobStatement.execute("UPDATE blob SET bytes = ?1, sourceMessage = NULL, sourcePart = NULL WHERE sha256 = ?2",
                                           blob: bytes, arguments: [.text(sha256)], in: db)
        }
    }
}

extension IngestTransaction {
    /// The documents of one message, in the order they were stored.
    public func documents(messageID: Int64) throws -> [DocumentRecord] {
        try DocumentRecord.ofMessage(messageID).fetchAll(db)
    }
}

extension IngestTransaction {
    // MARK: Corrections by a person

    public func offer(publicID: String) throws -> OfferRecord? {
        try OfferRecord.withPublicID(publicID).fetchOne(db)
    }

    /// Every document of the offer's messages (counted or not), in the order stored.
    public func documents(offerID: Int64) throws -> [DocumentRecord] {
        try DocumentRecord.fetchAll(db, sql: """
            SELECT document.* FROM document JOIN message ON message.id = document.messageId
            WHERE message.offerId = ? ORDER BY document.id
            """, arguments: [offerID])
    }

    /// The kind the rules see for a document: the latest a person gave it (nil: not a document),
    /// else what the analysis found.
    public func effectiveKind(of document: DocumentRecord) throws -> DocumentKind? {
        guard let id = document.id,
              let latest = try CorrectionRecord.reclassifications(documentID: id).fetchOne(db) else { return document.kind }
        return latest.after.flatMap(DocumentKind.init(rawValue:))
    }
}

extension IngestTransaction {
    /// Moves every message of offer `from` into offer `into`, each counted by the deadline rule for
    /// an offer that began at `firstReceivedAt` (a late message never counts toward an offer that
    /// began in time; mail set aside for a person stays uncounted).
    public mutating func moveMessages(from: Int64, into: Int64, firstReceivedAt: Int64, deadline: Int64) throws {
        try db.execute(sql: "UPDATE message SET offerId = ? WHERE offerId = ?", arguments: [into, from])
        // Offers merged into `from` before now point at `into`: a merge is never a chain.
        try db.execute(sql: "UPDATE offer SET mergedInto = ? WHERE mergedInto = ?", arguments: [into, from])
        try db.execute(sql: """
            UPDATE message SET counted = (late = 0 OR ? >= ?) WHERE offerId = ? AND category IN (?, ?)
            """, arguments: [firstReceivedAt, deadline, into, MessageCategory.offer, MessageCategory.withdrawal])
    }
}

extension IngestTransaction {
    // MARK: The deadline in force

    /// The latest deadline the daemon started with, if any.
    public func deadlineInForce() throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT deadline FROM deadline ORDER BY id DESC LIMIT 1")
    }

    /// Records the deadline now in force (the schema refuses one earlier than the last).
    public mutating func recordDeadline(_ deadline: Int64, at time: Int64) throws {
        try db.execute(sql: "INSERT INTO deadline (deadline, noticedAt) VALUES (?, ?)", arguments: [deadline, time])
    }

    /// Every offer that is not merged into another.
    public func offersInForce() throws -> [OfferRecord] {
        try OfferRecord.inOrder(status: nil).filter(Column("mergedInto") == nil).fetchAll(db)
    }

    /// Marks messages late or not by `deadline`, and counts an applicant's message unless it is
    /// late for an offer that began in time (mail set aside for a person stays uncounted).
    public mutating func recount(deadline: Int64) throws {
        try db.execute(sql: "UPDATE message SET late = (internalDate >= ?)", arguments: [deadline])
        try db.execute(sql: """
            UPDATE message SET counted = (late = 0 OR (SELECT firstReceivedAt FROM offer WHERE offer.id = message.offerId) >= ?)
            WHERE offerId IS NOT NULL AND category IN (?, ?)
            """, arguments: [deadline, MessageCategory.offer, MessageCategory.withdrawal])
    }
}

extension IngestTransaction {
    /// The latest receipt time and the strongest sender check among an offer's counted messages
    /// (nil without any), for an offer whose counted messages a merge or a new deadline changed.
    public func countedExtent(offerID: Int64) throws -> (receivedAt: Int64, authentication: SenderAuthentication)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT max(internalDate) AS latest, max(authentication) AS strongest FROM message WHERE offerId = ? AND counted = 1
            """, arguments: [offerID]), let latest: Int64 = row["latest"] else { return nil }
        return (latest, SenderAuthentication(rawValue: row["strongest"] ?? 0) ?? .none)
    }

    /// The documents of one message with the kinds a person gave them (a file a person said is not
    /// a document is left out), in the order stored.
    public func documentsAsCorrected(messageID: Int64) throws -> [DocumentRecord] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT document.*, \(Queries.effectiveKind) AS effectiveKind FROM document \(Queries.latestCorrectionJoin)
            WHERE document.messageId = ? AND (\(Queries.effectiveKind)) IS NOT NULL ORDER BY document.id
            """, arguments: [messageID])
        return try rows.map { row in
            var document = try DocumentRecord(row: row)
            let kind: String = row["effectiveKind"]
            guard let effective = DocumentKind(rawValue: kind) else { throw DatabaseError(message: "document kind \(kind) unknown") }
            document.kind = effective
            return document
        }
    }
}
