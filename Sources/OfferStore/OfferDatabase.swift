public import Foundation
public import GRDB
public import OfferCore
import Glibc

/// The register's database: SQLite in WAL mode through GRDB, migrated on open.
///
/// Writes are transactions named after intent (``ingest(_:)``, ``markReplySent(_:at:)``); SQL does
/// not leak to callers. The type follows GRDB's `AppDatabase` recommended practice.
public struct OfferDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Where raw messages and document files are kept; nil keeps them in the rows.
    public let files: BlobFiles?

    /// Wraps an open database and migrates it to the current schema.
    public init(_ writer: any DatabaseWriter, files: BlobFiles? = nil) throws {
        self.writer = writer
        self.files = files
        try Migrations.migrator.migrate(writer)
    }

    /// The folder of ``BlobFiles`` for the database at `path` when the configuration names none.
    public static func defaultFilesDirectory(database path: String) -> String { path + ".files" }

    /// Opens (creating if needed) the database at `path`: WAL, foreign keys, a busy timeout, and
    /// the database and its `-wal`/`-shm` files readable by this user only (0600); raw messages
    /// and document files go to `filesDirectory` (default: `<path>.files`, 0700).
    public static func open(path: String, filesDirectory: String? = nil) throws -> OfferDatabase {
        let previous = umask(0o077)
        defer { umask(previous) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // NORMAL is durable in WAL mode across application crashes; only an OS crash may lose the last commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // What retention removes is overwritten with zeros, not left in free pages for a forensic read.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
        let files = try BlobFiles(directory: filesDirectory ?? defaultFilesDirectory(database: path))
        return try OfferDatabase(pool, files: files)
    }

    /// An empty in-memory database, for tests.
    public static func inMemory() throws -> OfferDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try OfferDatabase(DatabaseQueue(configuration: configuration))
    }

    // MARK: - Database Access: Writes

    /// Runs `body` in ONE write transaction: everything it records commits together or not at all.
    public func ingest<T>(_ body: (inout IngestTransaction) throws -> T) throws -> T {
        try writer.write { db in
            var transaction = IngestTransaction(db: db, files: files)
            return try body(&transaction)
        }
    }

    /// Records that the stored keyword is set on the server for this copy.
    public func markFlagged(locationID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE messageLocation SET flagged = 1 WHERE id = ?", arguments: [locationID])
        }
    }

    public func markReplySent(_ replyID: Int64, at time: Int64) throws {
        try writer.write { db in
            _ = try Queries.markRepliesSent(db, at: time, countingAttempt: true, where: "id = ?", [replyID])
        }
    }

    /// Replies the server took before a crash kept ``markReplySent(_:at:)`` from recording it
    /// (ids from the ``SentReplyJournal``); a reply already marked keeps its state and time.
    /// Returns how many were still queued.
    @discardableResult
    public func markRepliesSent(_ replyIDs: [Int64], at time: Int64) throws -> Int {
        guard !replyIDs.isEmpty else { return 0 }
        return try writer.write { db in
            try replyIDs.reduce(0) { marked, id in
                marked + (try Queries.markRepliesSent(db, at: time, countingAttempt: true, where: "id = ? AND state = ?", [id, ReplyRecord.State.queued]))
            }
        }
    }

    /// Replies sent up to their final "." whose answer was never read (ids from the
    /// ``SentReplyJournal``): one whose copy is already stored is marked sent; the others wait for
    /// it (``IngestTransaction/confirmReplyCopy(messageID:at:)``) until `time` plus the configured
    /// wait. The copy may be read before or after the journal is: either order settles the reply.
    @discardableResult
    public func markRepliesUnconfirmed(_ replyIDs: [Int64], at time: Int64) throws -> (confirmed: Int, waiting: Int) {
        guard !replyIDs.isEmpty else { return (0, 0) }
        return try writer.write { db in
            var confirmed = 0, waiting = 0
            for id in replyIDs {
                let copyStored = "id = ? AND state = ? AND EXISTS (SELECT 1 FROM message WHERE message.messageID = reply.rfc822MessageID)"
                if try Queries.markRepliesSent(db, at: time, countingAttempt: false, where: copyStored, [id, ReplyRecord.State.queued]) > 0 { confirmed += 1; continue }
                try ReplyRecord.queued.filter(key: id).updateAll(db, ReplyRecord.Columns.unconfirmedSince.set(to: time))
                waiting += db.changesCount
            }
            return (confirmed, waiting)
        }
    }

    /// How many queued replies wait for their copy.
    public func unconfirmedReplyCount() throws -> Int {
        try writer.read { db in
            try ReplyRecord.queued.filter(ReplyRecord.Columns.unconfirmedSince != nil).fetchCount(db)
        }
    }

    /// A failed attempt: `nextAttemptAt` nil means permanent (no retry).
    public func markReplyAttemptFailed(_ replyID: Int64, error: String, nextAttemptAt: Int64?) throws {
        try writer.write { db in
            if let nextAttemptAt {
                try db.execute(sql: "UPDATE reply SET attempts = attempts + 1, lastError = ?, nextAttemptAt = ? WHERE id = ?",
                               arguments: [error, nextAttemptAt, replyID])
            } else {
                try db.execute(sql: "UPDATE reply SET state = ?, attempts = attempts + 1, lastError = ? WHERE id = ?",
                               arguments: [ReplyRecord.State.failed, error, replyID])
            }
        }
    }

    /// One more death for each message that was in flight when the daemon died (read from the
    /// ``InFlightJournal`` at start); returns each one's count of deaths so far.
    @discardableResult
    public func recordDeaths(_ keys: [InFlightJournal.Key], at time: Int64) throws -> [InFlightJournal.Key: Int] {
        guard !keys.isEmpty else { return [:] }
        return try writer.write { db in
            var counts: [InFlightJournal.Key: Int] = [:]
            for key in Set(keys) {
                try db.execute(sql: """
                    INSERT INTO suspect (mailboxKey, uidValidity, uid, deaths, lastDeathAt) VALUES (?, ?, ?, 1, ?)
                    ON CONFLICT (mailboxKey, uidValidity, uid) DO UPDATE SET deaths = deaths + 1, lastDeathAt = excluded.lastDeathAt
                    """, arguments: [key.mailboxKey, key.uidValidity, key.uid, time])
                counts[key] = try Int.fetchOne(db, sql: "SELECT deaths FROM suspect WHERE mailboxKey = ? AND uidValidity = ? AND uid = ?",
                                               arguments: [key.mailboxKey, key.uidValidity, key.uid]) ?? 0
            }
            return counts
        }
    }

    /// How many times the daemon died while this message was in flight.
    public func deaths(_ key: InFlightJournal.Key) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT deaths FROM suspect WHERE mailboxKey = ? AND uidValidity = ? AND uid = ?",
                             arguments: [key.mailboxKey, key.uidValidity, key.uid]) ?? 0
        }
    }

    /// Messages waiting for a person (or, with `includeDecided`, every review), oldest first.
    public func reviews(includeDecided: Bool = false) throws -> [(review: ReviewRecord, message: MessageSummary)] {
        try writer.read { db in
            let request = ReviewRecord.inOrder(includeDecided: includeDecided)
            return try request.fetchAll(db).compactMap { review in
                try MessageSummary.fetchOne(db, key: review.messageId).map { (review, $0) }
            }
        }
    }

    /// The message's review still waiting for a decision, if any.
    public func openReview(messageID: Int64) throws -> ReviewRecord? {
        try writer.read { db in try ReviewRecord.open(messageID: messageID).fetchOne(db) }
    }

    /// The reviews of an offer's messages.
    public func reviews(offerID: Int64) throws -> [ReviewRecord] {
        try writer.read { db in
            try ReviewRecord.fetchAll(db, sql: """
                SELECT review.* FROM review JOIN message ON message.id = review.messageId WHERE message.offerId = ? ORDER BY review.id
                """, arguments: [offerID])
        }
    }

    /// A stored message without its bytes.
    public func message(id: Int64) throws -> MessageSummary? {
        try writer.read { db in try MessageSummary.fetchOne(db, key: id) }
    }

    /// Stored messages whose RFC 5322 Message-ID is `messageID`.
    public func messages(messageID: String) throws -> [MessageSummary] {
        try writer.read { db in try MessageSummary.withMessageID(messageID).fetchAll(db) }
    }

    // MARK: - Database Access: Reads

    /// Replies still to send whose next attempt is due, oldest first; one waiting for its copy is
    /// due only `confirmationWait` seconds after it began to wait.
    public func dueReplies(now: Int64, confirmationWait: Int64 = 0, limit: Int = 100) throws -> [ReplyRecord] {
        try writer.read { db in
            try ReplyRecord.due(now: now, confirmationWait: confirmationWait).limit(limit)
                .fetchAll(db)
        }
    }

    /// Copies stored in the database whose keyword is not yet set on the server.
    public func unflaggedLocations(mailboxKey: String) throws -> [MessageLocationRecord] {
        try writer.read { db in
            try MessageLocationRecord.fetchAll(db, sql: """
                SELECT messageLocation.* FROM messageLocation JOIN mailbox ON mailbox.id = messageLocation.mailboxId
                WHERE mailbox.key = ? AND messageLocation.flagged = 0 ORDER BY messageLocation.uid
                """, arguments: [mailboxKey])
        }
    }

    public func mailbox(key: String) throws -> MailboxRecord? {
        try writer.read { db in try MailboxRecord.withKey(key).fetchOne(db) }
    }

    public func offers(status: OfferStatus? = nil) throws -> [OfferRecord] {
        try writer.read { db in
            try OfferRecord.inOrder(status: status).fetchAll(db)
        }
    }

    public func offer(id: Int64) throws -> OfferRecord? {
        try writer.read { db in try OfferRecord.fetchOne(db, key: id) }
    }

    public func offer(publicID: String) throws -> OfferRecord? {
        try writer.read { db in try OfferRecord.withPublicID(publicID).fetchOne(db) }
    }

    /// Every message of an offer, oldest first (by INTERNALDATE).
    public func messages(offerID: Int64) throws -> [MessageSummary] {
        try writer.read { db in
            try MessageSummary.ofOffer(offerID).fetchAll(db)
        }
    }

    /// The documents of the counted messages of an offer, with each message's INTERNALDATE, oldest first.
    public func countedDocuments(offerID: Int64) throws -> [(document: DocumentRecord, internalDate: Int64)] {
        try writer.read { db in try Queries.countedDocuments(db, offerID: offerID) }
    }

    /// What the register shows of every offer, by offer id, in three reads whatever the number of
    /// offers: counted documents (oldest message first), messages (by INTERNALDATE), replies (by id).
    public struct OfferContents: Sendable {
        public var counted: [Int64: [(document: DocumentRecord, internalDate: Int64)]] = [:]
        public var messages: [Int64: [MessageSummary]] = [:]
        public var replies: [Int64: [ReplyRecord]] = [:]
    }

    public func contentsOfAllOffers() throws -> OfferContents {
        try writer.read { db in try OfferContents.read(db) }
    }
}

extension OfferDatabase.OfferContents {
    static func read(_ db: Database) throws -> Self {
            var contents = Self()
            for counted in try Queries.countedDocumentsByOffer(db, offerID: nil) {
                contents.counted[counted.offerID, default: []].append((counted.document, counted.internalDate))
            }
            for message in try MessageSummary.ofOffer(nil).fetchAll(db) {
                if let offerID = message.offerId { contents.messages[offerID, default: []].append(message) }
            }
            for reply in try ReplyRecord.ofOffer(nil).fetchAll(db) {
                if let offerID = reply.offerId { contents.replies[offerID, default: []].append(reply) }
            }
            return contents
    }
}

extension OfferDatabase {

    public func documents(messageID: Int64) throws -> [DocumentRecord] {
        try writer.read { db in try DocumentRecord.ofMessage(messageID).fetchAll(db) }
    }

    public func replies(offerID: Int64) throws -> [ReplyRecord] {
        try writer.read { db in try ReplyRecord.ofOffer(offerID).fetchAll(db) }
    }

    public func events(offerID: Int64) throws -> [OfferEventRecord] {
        try writer.read { db in try OfferEventRecord.history(offerID: offerID).fetchAll(db) }
    }

    /// A stored document's bytes, or the message part they are the decoded body of.
    public func documentBytes(sha256: String) throws -> DocumentBytes? {
        guard let record = try writer.read({ db in try BlobRecord.fetchOne(db, key: sha256) }) else { return nil }
        return try content(of: record)
    }

    private func content(of record: BlobRecord) throws -> DocumentBytes {
        if let purgedAt = record.purgedAt { return .purged(at: purgedAt) }
        if let message = record.sourceMessage, let part = record.sourcePart {
            return .messagePart(raw: try rawMessage(sha256: message), messageSHA256: message, partPath: part)
        }
        return .stored(try bytes(inRow: record.bytes, inFile: record.inFile, sha256: record.sha256))
    }

    /// The raw bytes of the stored message whose SHA-256 is `sha256`.
    public func rawMessage(sha256: String) throws -> [UInt8] {
        let row = try writer.read { db in
            // A copy whose bytes retention removed has none to give (another row with the same bytes may).
            try Row.fetchOne(db, sql: "SELECT raw, rawInFile FROM message WHERE sha256 = ? AND purgedAt IS NULL ORDER BY id LIMIT 1", arguments: [sha256])
        }
        guard let row else { throw StoreFileError(path: "message \(sha256)", operation: "find (it may have been removed by retention)", errno: ENOENT) }
        return [UInt8](try bytes(inRow: row["raw"], inFile: row["rawInFile"], sha256: sha256))
    }

    /// A row's bytes: in the row itself (v1, in-memory databases), or in ``BlobFiles`` under `sha256`.
    private func bytes(inRow data: Data, inFile: Bool, sha256: String) throws -> Data {
        guard inFile else { return data }
        guard let files else { throw StoreFileError(path: sha256, operation: "find the file store for", errno: ENOENT) }
        return Data(try files.read(sha256: sha256))
    }

    /// Counts for `verify` and the operator: messages, documents, offers, replies by state.
    public func counts() throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            for table in ["message", "messageLocation", "document", "blob", "offer", "offerEvent", "reply"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
        .merging(try replyCounts().map { ("reply.\($0.key.rawValue)", $0.value) }) { first, _ in first }
    }

    /// Files in ``BlobFiles`` that no row names: left by a crash between writing a file and the
    /// commit (the retry reuses the file, so they are rare), safe to delete.
    public func unreferencedFiles() throws -> [String] {
        guard let files else { return [] }
        let named = try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT sha256 FROM message WHERE rawInFile = 1 UNION SELECT sha256 FROM blob WHERE inFile = 1"))
        }
        return try files.allDigests().filter { !named.contains($0) }
    }

    /// Calls `visit` with each stored message's id, recorded hash and bytes (nil when they cannot be
    /// read: a file missing from ``BlobFiles``), one at a time (for `verify`).
    public func forEachMessage(_ visit: (Int64, String, Data?) throws -> Void) throws {
        try writer.read { db in
            // A message whose bytes retention removed is a tombstone: its hash is the proof, there is nothing to re-hash.
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, sha256, raw, rawInFile FROM message WHERE purgedAt IS NULL ORDER BY id")
            while let row = try cursor.next() {
                let sha256: String = row["sha256"]
                try visit(row["id"], sha256, try? bytes(inRow: row["raw"], inFile: row["rawInFile"], sha256: sha256))
            }
        }
    }

    /// Calls `visit` with each stored document's recorded hash and bytes (nil when they cannot be
    /// read: a file or the source message missing), one at a time (for `verify`).
    public func forEachDocument(_ visit: (String, DocumentBytes?) throws -> Void) throws {
        // The parts of one message one after the other, so that a reader decodes each message once.
        let hashes = try writer.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM blob WHERE purgedAt IS NULL ORDER BY sourceMessage, sha256")
        }
        for sha256 in hashes {
            let record = try writer.read { db in try BlobRecord.fetchOne(db, key: sha256) }
            try visit(sha256, record.flatMap { try? content(of: $0) })
        }
    }
}
