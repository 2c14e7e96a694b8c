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
            let rows = try Row.fetchAll(db, sql: "SELECT id, sha256, offerId FROM message WHERE purgedAt IS NULL ORDER BY id LIMIT ?",
                                        arguments: [limit])
            return try rows.map { row in
                let sha256: String = row["sha256"]
                let parts = try Row.fetchAll(db, sql: "SELECT sha256, sourcePart FROM blob WHERE sourceMessage = ? AND purgedAt IS NULL",
                                             arguments: [sha256]).map { (sha256: $0["sha256"] as String, partPath: $0["sourcePart"] as String) }
                return RawMessage(id: row["id"], sha256: sha256, offerID: row["offerId"], parts: parts)
            }
        }
    }

    /// Removes a message's raw bytes, first storing apart the documents decoded from it
    /// (`keeping`: their bytes, checked by the caller against their SHA-256). Returns whether the
    /// message was purged now (false: already purged).
    public func purgeRawMessage(_ message: RawMessage, keeping: [(sha256: String, bytes: [UInt8])], at time: Int64) throws -> Bool {
        let purged = try writer.write { db -> Bool in
            guard try Int64.fetchOne(db, sql: "SELECT purgedAt FROM message WHERE id = ?", arguments: [message.id]) == nil else { return false }
            var transaction = IngestTransaction(db: db, files: files)
            for document in keeping { try transaction.keepDocumentBytes(sha256: document.sha256, bytes: document.bytes) }
            try db.execute(sql: "UPDATE message SET raw = X'', rawInFile = 0, purgedAt = ? WHERE id = ?", arguments: [time, message.id])
            if let offerID = message.offerID { try appendPurgeEvent(db, offerID: offerID, .rawMessages, messageID: message.id, at: time) }
            return true
        }
        // The file goes after the commit: a crash before it leaves an unreferenced file, never a row without its bytes.
        try? files?.remove(sha256: message.sha256)
        return purged
    }

    /// Removes the bytes of up to `limit` documents still kept (those of `offers` only, when given:
    /// an erasure), except content another offer that is kept still holds. Returns how many were removed.
    public func purgeDocumentContents(limit: Int, offers: [Int64]? = nil, at time: Int64) throws -> Int {
        let removed = try writer.write { db -> [(sha256: String, inFile: Bool)] in
            let scope = offers.map { ids in "AND document.messageId IN (SELECT id FROM message WHERE offerId IN (\(ids.map(String.init).joined(separator: ","))))" } ?? ""
            let kept = offers.map { ids in """
                AND NOT EXISTS (SELECT 1 FROM document AS other JOIN message ON message.id = other.messageId
                                WHERE other.sha256 = blob.sha256 AND (message.offerId IS NULL OR message.offerId NOT IN (\(ids.map(String.init).joined(separator: ",")))))
                """ } ?? ""
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT blob.sha256 AS sha256, blob.inFile AS inFile FROM blob JOIN document ON document.sha256 = blob.sha256
                WHERE blob.purgedAt IS NULL \(scope) \(kept) LIMIT ?
                """, arguments: [limit])
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
        for blob in removed where blob.inFile { try? files?.remove(sha256: blob.sha256) }
        return removed.count
    }
    /// The offers (and the mail of no offer) whose identities are still kept.
    public func offersWithIdentities() throws -> [Int64] {
        try writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM offer WHERE identityPurgedAt IS NULL ORDER BY id") }
    }

    /// The replies of an offer whose bytes are still kept (the caller hashes them before they go).
    public func repliesWithBytes(offerID: Int64?) throws -> [(id: Int64, bytes: [UInt8])] {
        try writer.read { db in
            let filter = offerID == nil ? "offerId IS NULL" : "offerId = ?"
            return try Row.fetchAll(db, sql: "SELECT id, bytes FROM reply WHERE \(filter) AND purgedAt IS NULL",
                                    arguments: StatementArguments(offerID.map { [$0] } ?? []))
                .map { (id: $0["id"], bytes: [UInt8]($0["bytes"] as Data)) }
        }
    }

    /// Removes an offer's identities (`offerID` nil: those of the mail that made no offer): the
    /// applicant's name and address (`purged-<publicID>`), the senders, subjects and Reply-To of its
    /// messages, its file names, its replies' texts (their SHA-256 kept, `replyHashes`), and the free
    /// text of its history, corrections and reviews. Returns whether anything was removed now.
    public func purgeIdentities(offerID: Int64?, replyHashes: [Int64: String], at time: Int64) throws -> Bool {
        try writer.write { db in
            let messages = offerID == nil ? "offerId IS NULL" : "offerId = \(offerID!)"
            if let offerID {
                guard try Int64.fetchOne(db, sql: "SELECT identityPurgedAt FROM offer WHERE id = ?", arguments: [offerID]) == nil else { return false }
                try db.execute(sql: """
                    UPDATE offer SET applicantName = NULL, applicantAddress = 'purged-' || lower(publicID), attention = NULL,
                                     identityPurgedAt = ? WHERE id = ?
                    """, arguments: [time, offerID])
                try db.execute(sql: """
                    UPDATE offerEvent SET detail = json_remove(detail, '$.reason', '$.replaced'), redactedAt = ?
                    WHERE offerId = ? AND redactedAt IS NULL AND (json_extract(detail, '$.reason') IS NOT NULL OR json_extract(detail, '$.replaced') IS NOT NULL)
                    """, arguments: [time, offerID])
                try db.execute(sql: "UPDATE correction SET reason = '(removed by retention)', redactedAt = ? WHERE offerId = ? AND redactedAt IS NULL",
                               arguments: [time, offerID])
                try appendPurgeEvent(db, offerID: offerID, .identities, messageID: nil, at: time)
            }
            try db.execute(sql: "UPDATE message SET fromAddress = NULL, fromName = NULL, subject = NULL, replyToAddress = NULL WHERE \(messages)")
            try db.execute(sql: "UPDATE document SET filename = NULL, archive = NULL WHERE messageId IN (SELECT id FROM message WHERE \(messages))")
            try db.execute(sql: """
                UPDATE review SET reason = '(removed by retention)', note = CASE WHEN note IS NULL THEN NULL ELSE '(removed by retention)' END
                WHERE messageId IN (SELECT id FROM message WHERE \(messages))
                """)
            try Self.purgeReplies(db, replyHashes.map { (id: $0.key, sha256: $0.value) }, at: time)
            return true
        }
    }

    /// Removes the bytes of every opening record (they name the applicants; their SHA-256 stays).
    public func purgeOpeningRecords(at time: Int64) throws {
        try writer.write { db in try db.execute(sql: "UPDATE opening SET record = NULL, purgedAt = ? WHERE record IS NOT NULL", arguments: [time]) }
    }

    /// Removes the files no row needs any more (left by a purge or an ingest that a crash cut short).
    public func removeUnreferencedFiles() throws -> Int {
        let names = try unreferencedFiles()
        for name in names { try files?.remove(sha256: name) }
        return names.count
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
    /// or other mail): their sender, subject and Reply-To, their files' names.
    public func purgeMessageIdentities(_ messageIDs: [Int64], at time: Int64) throws {
        guard !messageIDs.isEmpty else { return }
        let ids = messageIDs.map(String.init).joined(separator: ",")
        try writer.write { db in
            try db.execute(sql: "UPDATE message SET fromAddress = NULL, fromName = NULL, subject = NULL, replyToAddress = NULL WHERE id IN (\(ids))")
            try db.execute(sql: "UPDATE document SET filename = NULL, archive = NULL WHERE messageId IN (\(ids))")
            try db.execute(sql: """
                UPDATE review SET reason = '(removed by retention)', note = CASE WHEN note IS NULL THEN NULL ELSE '(removed by retention)' END
                WHERE messageId IN (\(ids))
                """)
        }
    }

    /// The raw messages among `messageIDs` still kept, with the parts documents were decoded from.
    public func rawMessages(_ messageIDs: [Int64]) throws -> [RawMessage] {
        guard !messageIDs.isEmpty else { return [] }
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, sha256, offerId FROM message WHERE purgedAt IS NULL AND id IN (\(messageIDs.map(String.init).joined(separator: ",")))")
                .map { row in
                    let sha256: String = row["sha256"]
                    let parts = try Row.fetchAll(db, sql: "SELECT sha256, sourcePart FROM blob WHERE sourceMessage = ? AND purgedAt IS NULL",
                                                 arguments: [sha256]).map { (sha256: $0["sha256"] as String, partPath: $0["sourcePart"] as String) }
                    return RawMessage(id: row["id"], sha256: sha256, offerID: row["offerId"], parts: parts)
                }
        }
    }

    /// Removes the texts of replies (their SHA-256, `hashes`, kept).
    public func purgeReplies(_ hashes: [(id: Int64, sha256: String)], at time: Int64) throws {
        try writer.write { db in try Self.purgeReplies(db, hashes, at: time) }
    }

    private static func purgeReplies(_ db: Database, _ hashes: [(id: Int64, sha256: String)], at time: Int64) throws {
        for (replyID, sha256) in hashes {
            try db.execute(sql: "UPDATE reply SET sha256 = ?, bytes = X'', recipient = 'purged', purgedAt = ? WHERE id = ? AND purgedAt IS NULL",
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
                """, arguments: [time, uidValidity, "[" + uids.map(String.init).joined(separator: ",") + "]", mailboxKey])
        }
    }
}
