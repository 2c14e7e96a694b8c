import Foundation
public import GRDB
public import OfferCore

/// Retention's writes: each removes one kind of personal data from one message or offer in one
/// transaction, and leaves the tombstone (ids, statuses, receipt times, every SHA-256, each copy's
/// mailbox location and content digest). Every step is idempotent: a purge cut by a crash is
/// completed by the next run, and a file whose row no longer needs it is removed after the commit
/// (or by `removeUnreferencedFiles` on the next run).
extension OfferDatabase {
    /// A message whose raw bytes are still kept, and the documents decoded from its parts (their
    /// bytes must be stored apart before the message goes, for as long as documents are kept).
    public struct RawMessage: Sendable {
        public var id: Int64
        public var sha256: String
        public var offerID: Int64?
        /// SHA-256 of each document whose bytes are a part of this message, with its part path.
        public var parts: [(sha256: String, partPath: String)]
    }

    /// Up to `limit` messages whose raw bytes are still kept.
    public func messagesWithRawBytes(limit: Int) throws -> [RawMessage] {
        try writer.read { db in
            try Self.rawMessages(db, sql: "SELECT id, sha256, offerId FROM message WHERE purgedAt IS NULL ORDER BY id LIMIT ?", arguments: [limit])
        }
    }

    /// The messages `sql` selects (`id`, `sha256`, `offerId`), each with the parts documents were decoded from.
    private static func rawMessages(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RawMessage] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let sha256: String = row["sha256"]
            let parts = try Row.fetchAll(db, sql: "SELECT sha256, sourcePart FROM blob WHERE sourceMessage = ? AND purgedAt IS NULL",
                                         arguments: [sha256]).map { (sha256: $0["sha256"] as String, partPath: $0["sourcePart"] as String) }
            return RawMessage(id: row["id"], sha256: sha256, offerID: row["offerId"], parts: parts)
        }
    }

    /// Removes a message's raw bytes, first storing apart the documents decoded from it
    /// (`keeping`: their bytes, checked by the caller against their SHA-256). Returns whether the
    /// message was purged now: false when it was already, or when a document decoded from it that
    /// is still kept is not among `keeping` (it came in since the caller looked: the next run).
    public func purgeRawMessage(_ message: RawMessage, keeping: [(sha256: String, bytes: [UInt8])], at time: Int64) throws -> Bool {
        let purged = try writer.write { db -> Bool in
            guard try Int64.fetchOne(db, sql: "SELECT purgedAt FROM message WHERE id = ?", arguments: [message.id]) == nil else { return false }
            let parts = try String.fetchAll(db, sql: "SELECT sha256 FROM blob WHERE sourceMessage = ? AND purgedAt IS NULL", arguments: [message.sha256])
            guard Set(parts).isSubset(of: keeping.map(\.sha256)) else { return false }
            var transaction = IngestTransaction(db: db, files: files)
            for document in keeping { try transaction.keepDocumentBytes(sha256: document.sha256, bytes: document.bytes) }
            try db.execute(sql: "UPDATE message SET raw = X'', rawInFile = 0, purgedAt = ? WHERE id = ?", arguments: [time, message.id])
            if let offerID = message.offerID { try appendPurgeEvent(db, offerID: offerID, .rawMessages, messageID: message.id, at: time) }
            return true
        }
        // The file goes after the commit (a crash before leaves it to `removePurgedFiles`), and only
        // when no row that is kept names the same bytes.
        if purged { try removeFilesNoLiveRowNames([message.sha256]) }
        return purged
    }

    /// Removes the bytes of up to `limit` documents still kept (those of `offers` only, when given:
    /// an erasure), except content another offer that is kept still holds. Returns how many were removed.
    public func purgeDocumentContents(limit: Int, offers: [Int64]? = nil, messages: [Int64] = [], at time: Int64) throws -> Int {
        let removed = try writer.write { db -> [(sha256: String, inFile: Bool)] in
            // An erasure: the documents of these offers' messages and of these messages, except
            // content a message outside them (an offer that is kept) holds too.
            let scoped = offers != nil || !messages.isEmpty
            let inScope = "(message.offerId IN (SELECT value FROM json_each(?1)) OR message.id IN (SELECT value FROM json_each(?2)))"
            let scope = scoped ? "AND document.messageId IN (SELECT message.id FROM message WHERE \(inScope))" : ""
            let kept = scoped ? """
                AND NOT EXISTS (SELECT 1 FROM document AS other JOIN message ON message.id = other.messageId
                                WHERE other.sha256 = blob.sha256 AND NOT \(inScope))
                """ : ""
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT blob.sha256 AS sha256, blob.inFile AS inFile FROM blob JOIN document ON document.sha256 = blob.sha256
                WHERE blob.purgedAt IS NULL \(scope) \(kept) LIMIT ?3
                """, arguments: [Self.jsonList(offers ?? []), Self.jsonList(messages), limit])
            var removed: [(sha256: String, inFile: Bool)] = []
            var offerIDs = Set<Int64>()
            for row in rows {
                let sha256: String = row["sha256"]
                try db.execute(sql: "UPDATE blob SET bytes = X'', inFile = 0, sourceMessage = NULL, sourcePart = NULL, purgedAt = ? WHERE sha256 = ?",
                               arguments: [time, sha256])
                removed.append((sha256, row["inFile"]))
                offerIDs.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT message.offerId FROM document JOIN message ON message.id = document.messageId
                    WHERE message.offerId IS NOT NULL AND document.sha256 = ?
                    """, arguments: [sha256]))
            }
            for offerID in offerIDs.sorted() { try appendPurgeEvent(db, offerID: offerID, .documents, messageID: nil, at: time) }
            return removed
        }
        // The files go after the commit (see purgeRawMessage).
        try removeFilesNoLiveRowNames(removed.filter(\.inFile).map(\.sha256))
        return removed.count
    }
    /// Every offer's row id.
    public func allOfferIDs() throws -> [Int64] {
        try writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM offer ORDER BY id") }
    }

    /// Moves the write-ahead log into the database and truncates it (after a purge: the removed
    /// data leaves the log as well as the pages, which `secure_delete` zeroes).
    public func checkpoint() throws {
        _ = try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Removes an offer's identities (`offerID` nil: those of the mail that made no offer): the
    /// applicant's name and address (`purged-<publicID>`), the senders, subjects, Reply-To and reply
    /// decisions (which name the address) of its messages, its file names, its replies' texts and
    /// errors (their SHA-256 kept: `hash` is the SHA-256 function, run in the transaction so that a
    /// reply queued meanwhile is not missed), and the free text of its history, corrections and
    /// reviews. Every step is idempotent and runs again each time (what came in since the first
    /// time is redacted too); returns whether the offer's identity was removed now (the history
    /// says so once).
    public func purgeIdentities(offerID: Int64?, hash: @escaping ([UInt8]) -> String, at time: Int64) throws -> Bool {
        try writer.write { db in
            let ofMessages = offerID == nil ? "offerId IS NULL" : "offerId = ?1"
            let arguments: StatementArguments = offerID.map { [$0] } ?? []
            var first = false
            if let offerID {
                first = try Int64.fetchOne(db, sql: "SELECT identityPurgedAt FROM offer WHERE id = ?", arguments: [offerID]) == nil
                try db.execute(sql: """
                    UPDATE offer SET applicantName = NULL, applicantAddress = 'purged-' || lower(publicID), attention = NULL,
                                     identityPurgedAt = ifnull(identityPurgedAt, ?) WHERE id = ?
                    """, arguments: [time, offerID])
                try db.execute(sql: """
                    UPDATE offerEvent SET detail = json_remove(detail, '$.reason', '$.replaced'), redactedAt = ?
                    WHERE offerId = ? AND redactedAt IS NULL AND (json_extract(detail, '$.reason') IS NOT NULL OR json_extract(detail, '$.replaced') IS NOT NULL)
                    """, arguments: [time, offerID])
                try db.execute(sql: "UPDATE correction SET reason = '(removed by retention)', redactedAt = ? WHERE offerId = ? AND redactedAt IS NULL",
                               arguments: [time, offerID])
                if first { try appendPurgeEvent(db, offerID: offerID, .identities, messageID: nil, at: time) }
            }
            try Self.redactMessages(db, where: ofMessages, arguments: arguments, at: time)
            let replies = try Row.fetchAll(db, sql: "SELECT id, bytes FROM reply WHERE \(ofMessages) AND purgedAt IS NULL", arguments: arguments)
            try Self.purgeReplies(db, replies.map { (id: $0["id"] as Int64, sha256: hash([UInt8]($0["bytes"] as Data))) }, at: time)
            return first
        }
    }

    /// Redacts what the messages selected by `condition` say of their senders.
    private static func redactMessages(_ db: Database, where condition: String, arguments: StatementArguments, at time: Int64) throws {
        try db.execute(sql: """
            UPDATE message SET fromAddress = NULL, fromName = NULL, subject = NULL, replyToAddress = NULL,
                               replyDecision = '(removed by retention)' WHERE \(condition) AND replyDecision IS NOT '(removed by retention)'
            """, arguments: arguments)
        try db.execute(sql: "UPDATE document SET filename = NULL, archive = NULL WHERE messageId IN (SELECT id FROM message WHERE \(condition))",
                       arguments: arguments)
        try db.execute(sql: """
            UPDATE review SET reason = '(removed by retention)', note = CASE WHEN note IS NULL THEN NULL ELSE '(removed by retention)' END
            WHERE messageId IN (SELECT id FROM message WHERE \(condition)) AND reason IS NOT '(removed by retention)'
            """, arguments: arguments)
        try db.execute(sql: """
            UPDATE correction SET reason = '(removed by retention)', redactedAt = \(time)
            WHERE messageId IN (SELECT id FROM message WHERE \(condition)) AND offerId IS NULL AND redactedAt IS NULL
            """, arguments: arguments)
    }

    /// Removes the bytes of every opening record (they name the applicants; their SHA-256 stays).
    public func purgeOpeningRecords(at time: Int64) throws {
        try writer.write { db in try db.execute(sql: "UPDATE opening SET record = NULL, purgedAt = ? WHERE record IS NOT NULL", arguments: [time]) }
    }

    /// Removes the files of purged messages and documents that a crash left behind (between a
    /// purge's commit and the removal of its file). Only such files: a file an ingest is writing
    /// belongs to no purged row, and is never touched.
    public func removePurgedFiles() throws -> Int {
        guard let files else { return 0 }
        let candidates = try writer.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM message WHERE purgedAt IS NOT NULL UNION SELECT sha256 FROM blob WHERE purgedAt IS NOT NULL")
        }
        let present = candidates.filter { (try? files.path(sha256: $0)).map { FileManager.default.fileExists(atPath: $0) } ?? false }
        return try removeFilesNoLiveRowNames(present)
    }

    /// Removes the files of `hashes` that no kept row names (a message kept in a file, a document
    /// kept in a file, or a document decoded from a kept message's part); returns how many went.
    @discardableResult
    func removeFilesNoLiveRowNames(_ hashes: [String]) throws -> Int {
        guard let files, !hashes.isEmpty else { return 0 }
        let named = try writer.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT sha256 FROM message WHERE purgedAt IS NULL AND rawInFile = 1 AND sha256 IN (SELECT value FROM json_each(?1))
                UNION SELECT sha256 FROM blob WHERE purgedAt IS NULL AND inFile = 1 AND sha256 IN (SELECT value FROM json_each(?1))
                """, arguments: [String(decoding: try JSONEncoder().encode(hashes), as: UTF8.self)]))
        }
        var removed = 0
        for sha256 in hashes where !named.contains(sha256) {
            try files.remove(sha256: sha256)
            removed += 1
        }
        return removed
    }

    /// What a purge at this moment would still remove: messages with raw bytes, documents with
    /// content, offers with identities (and whether mail of no offer still names senders).
    public func retentionCounts() throws -> (rawMessages: Int, documents: Int, identities: Int) {
        try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE purgedAt IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT blob.sha256) FROM blob JOIN document ON document.sha256 = blob.sha256 WHERE blob.purgedAt IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM offer WHERE identityPurgedAt IS NULL") ?? 0)
        }
    }

    static func jsonList(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }

    private func appendPurgeEvent(_ db: Database, offerID: Int64, _ category: RetentionPolicy.Category, messageID: Int64?, at time: Int64) throws {
        let event = OfferEvent.purged(category)
        var row = OfferEventRecord(offerId: offerID, at: time, kind: event.kind, messageId: messageID, detail: event.detail)
        try row.insert(db)
    }

    /// What retention removed, as `verify` reports it, and tombstones that lack their proof (a
    /// purged reply without the SHA-256 of its bytes): always none unless the store was edited.
    public func tombstones() throws -> (messages: Int, documents: Int, replies: Int, offers: Int, withoutProof: Int) {
        try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE purgedAt IS NOT NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM blob WHERE purgedAt IS NOT NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM reply WHERE purgedAt IS NOT NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM offer WHERE identityPurgedAt IS NOT NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM reply WHERE purgedAt IS NOT NULL AND sha256 IS NULL") ?? 0)
        }
    }

    /// Everything the register holds about one address: the offers made from it (merged ones
    /// too), every message it sent (of an offer or not), every reply sent to it.
    public struct PersonalData: Sendable {
        public var offers: [OfferRecord]
        public var messages: [MessageSummary]
        public var replies: [ReplyRecord]
    }

    public func personalData(address: String) throws -> PersonalData {
        let address = address.lowercased()
        return try writer.read { db in
            let offers = try OfferRecord.fetchAll(db, sql: "SELECT * FROM offer WHERE applicantAddress = ? ORDER BY id", arguments: [address])
            let offerIDs = offers.compactMap(\.id)
            let placeholders = offerIDs.isEmpty ? "NULL" : offerIDs.map(String.init).joined(separator: ",")
            let from = Column("fromAddress").lowercased == address || Column("replyToAddress").lowercased == address
            let messages = try MessageSummary.filter(from || offerIDs.contains(Column("offerId")))
                .order(Column("internalDate"), Column("id")).fetchAll(db)
            let replies = try ReplyRecord.fetchAll(db, sql: "SELECT * FROM reply WHERE lower(recipient) = ? OR offerId IN (\(placeholders)) ORDER BY id",
                                                   arguments: [address])
            return PersonalData(offers: offers, messages: messages, replies: replies)
        }
    }

    /// Removes the identities of messages that belong to no offer (an erasure of a sender's questions
    /// or other mail), and closes the reviews still waiting on them (nothing is left to decide on).
    /// `replyToOnly`: messages of kept offers that named the address only as their Reply-To, which loses just that.
    public func purgeMessageIdentities(_ messageIDs: [Int64], replyToOnly: [Int64] = [], at time: Int64) throws {
        try writer.write { db in
            let list = Self.jsonList(messageIDs)
            try Self.redactMessages(db, where: "id IN (SELECT value FROM json_each(?1))", arguments: [list], at: time)
            try db.execute(sql: """
                UPDATE review SET decision = 'dismissed', decidedBy = 'retention', decidedAt = ?2, note = '(erased)'
                WHERE decision IS NULL AND messageId IN (SELECT value FROM json_each(?1))
                """, arguments: [list, time])
            try db.execute(sql: "UPDATE message SET replyToAddress = NULL WHERE id IN (SELECT value FROM json_each(?))",
                           arguments: [Self.jsonList(replyToOnly)])
        }
    }

    /// The raw messages among `messageIDs` still kept, with the parts documents were decoded from.
    public func rawMessages(_ messageIDs: [Int64]) throws -> [RawMessage] {
        guard !messageIDs.isEmpty else { return [] }
        return try writer.read { db in
            try Self.rawMessages(db, sql: "SELECT id, sha256, offerId FROM message WHERE purgedAt IS NULL AND id IN (SELECT value FROM json_each(?))",
                                 arguments: [Self.jsonList(messageIDs)])
        }
    }

    /// Removes the texts of replies (their SHA-256, `hashes`, kept).
    public func purgeReplies(_ hashes: [(id: Int64, sha256: String)], at time: Int64) throws {
        try writer.write { db in try Self.purgeReplies(db, hashes, at: time) }
    }

    private static func purgeReplies(_ db: Database, _ hashes: [(id: Int64, sha256: String)], at time: Int64) throws {
        for (replyID, sha256) in hashes {
            try db.execute(sql: "UPDATE reply SET sha256 = ?, bytes = X'', recipient = 'purged', lastError = NULL, purgedAt = ? WHERE id = ? AND purgedAt IS NULL",
                           arguments: [sha256, time, replyID])
        }
    }

    /// The UIDs, in one mailbox and UIDVALIDITY, of the copies of purged messages the server may
    /// still hold (not yet expunged by offerbox).
    public func purgedCopies(mailboxKey: String, uidValidity: Int64) throws -> [Int64] {
        try writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT messageLocation.uid FROM messageLocation JOIN mailbox ON mailbox.id = messageLocation.mailboxId
                JOIN message ON message.id = messageLocation.messageId
                WHERE mailbox.key = ? AND messageLocation.uidValidity = ? AND message.purgedAt IS NOT NULL AND messageLocation.expungedAt IS NULL
                ORDER BY messageLocation.uid
                """, arguments: [mailboxKey, uidValidity])
        }
    }

    /// Notes that the server's copies `uids` were expunged.
    public func markExpunged(mailboxKey: String, uidValidity: Int64, uids: [Int64], at time: Int64) throws {
        guard !uids.isEmpty else { return }
        try writer.write { db in
            try db.execute(sql: """
                UPDATE messageLocation SET expungedAt = ? WHERE uidValidity = ? AND uid IN (SELECT value FROM json_each(?))
                AND mailboxId = (SELECT id FROM mailbox WHERE key = ?)
                """, arguments: [time, uidValidity, Self.jsonList(uids), mailboxKey])
        }
    }
}
