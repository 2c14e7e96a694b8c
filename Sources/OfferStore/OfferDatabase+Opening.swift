public import Foundation
public import GRDB
public import OfferCore

/// The register as it stood at a deadline, written once: what the committee opens the offers against.
public struct OpeningRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "opening"
    public var id: Int64?
    /// The deadline it was written for (seconds since 1970).
    public var deadline: Int64
    public var openedAt: Int64
    /// SHA-256 (hex) of `record`.
    public var sha256: String
    public var offers: Int
    public var documents: Int
    /// The last history entry (`offerEvent.id`) the record reflects; later ones changed the register after it.
    public var lastEventId: Int64
    /// The record itself (JSON); nil once retention removed it (the SHA-256 stays).
    public var record: Data?
    public var purgedAt: Int64?

    public init(deadline: Int64, openedAt: Int64, sha256: String, offers: Int, documents: Int, lastEventId: Int64, record: [UInt8]) {
        (self.deadline, self.openedAt, self.sha256, self.offers, self.documents) = (deadline, openedAt, sha256, offers, documents)
        (self.lastEventId, self.record) = (lastEventId, Data(record))
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let deadline = Column(CodingKeys.deadline)
        static let openedAt = Column(CodingKeys.openedAt)
        static let sha256 = Column(CodingKeys.sha256)
        static let offers = Column(CodingKeys.offers)
        static let documents = Column(CodingKeys.documents)
        static let lastEventId = Column(CodingKeys.lastEventId)
        static let purgedAt = Column(CodingKeys.purgedAt)
    }
}

extension OfferDatabase {
    /// What the opening record is written from: every offer and what the register shows of it,
    /// read in the transaction that writes the record (nothing can come in between).
    public struct OpeningSnapshot: Sendable {
        public var offers: [OfferRecord]
        public var contents: OfferContents
    }

    /// The record's bytes and what the opening row says of them.
    public struct OpeningContent: Sendable {
        public var record: [UInt8]
        public var sha256: String
        public var offers: Int
        public var documents: Int
        public init(record: [UInt8], sha256: String, offers: Int, documents: Int) {
            (self.record, self.sha256, self.offers, self.documents) = (record, sha256, offers, documents)
        }
    }

    /// Writes the opening record for `deadline` unless one exists, with a `register_opened` entry in
    /// every offer's history; returns the new row, or nil when the register was already opened
    /// at that deadline. One transaction: the record and the history entries together or nothing.
    public func openRegister(deadline: Int64, at time: Int64, compose: (OpeningSnapshot) throws -> OpeningContent) throws -> OpeningRecord? {
        try writer.write { db in
            guard try OpeningRecord.filter(OpeningRecord.Columns.deadline == deadline).fetchCount(db) == 0 else { return nil }
            let snapshot = OpeningSnapshot(offers: try OfferRecord.inOrder(status: nil).fetchAll(db), contents: try OfferContents.read(db))
            let content = try compose(snapshot)
            let lastEventID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM offerEvent") ?? 0
            var opening = OpeningRecord(deadline: deadline, openedAt: time, sha256: content.sha256, offers: content.offers,
                                        documents: content.documents, lastEventId: lastEventID, record: content.record)
            try opening.insert(db)
            let event = OfferEvent.registerOpened(sha256: content.sha256)
            for offer in snapshot.offers {
                guard let offerID = offer.id else { continue }
                var row = OfferEventRecord(offerId: offerID, at: time, kind: event.kind, messageId: nil, detail: event.detail)
                try row.insert(db)
            }
            return opening
        }
    }

    /// Whether the register was opened at `deadline` (a read: no write lock taken to find out).
    public func isOpened(deadline: Int64) throws -> Bool {
        try writer.read { db in try OpeningRecord.filter(OpeningRecord.Columns.deadline == deadline).fetchCount(db) > 0 }
    }

    /// The latest opening record (the one of the deadline in force), if the register was opened;
    /// `withRecord: false` leaves its bytes (which may be megabytes) unread: `record` is then nil.
    public func latestOpening(withRecord: Bool = true) throws -> OpeningRecord? {
        try writer.read { db in
            let latest = OpeningRecord.order(OpeningRecord.Columns.deadline.desc)
            guard !withRecord else { return try latest.fetchOne(db) }
            return try latest.select(OpeningRecord.Columns.id, OpeningRecord.Columns.deadline, OpeningRecord.Columns.openedAt,
                                     OpeningRecord.Columns.sha256, OpeningRecord.Columns.offers, OpeningRecord.Columns.documents,
                                     OpeningRecord.Columns.lastEventId, SQL("NULL AS record"), OpeningRecord.Columns.purgedAt).fetchOne(db)
        }
    }

    /// History entries written after entry `eventID` (the register's changes since its opening),
    /// with the public id of their offer, oldest first; at most `limit`.
    public func events(after eventID: Int64, excluding kinds: [OfferEventKind], limit: Int) throws -> [(publicID: String, event: OfferEventRecord)] {
        try writer.read { db in
            let placeholders = Array(repeating: "?", count: max(kinds.count, 1)).joined(separator: ", ")
            var arguments: StatementArguments = [eventID]
            arguments += StatementArguments(kinds.isEmpty ? [""] : kinds.map(\.rawValue))
            arguments += [limit]
            let rows = try Row.fetchAll(db, sql: """
                SELECT offer.publicID AS publicID, offerEvent.* FROM offerEvent JOIN offer ON offer.id = offerEvent.offerId
                WHERE offerEvent.id > ? AND offerEvent.kind NOT IN (\(placeholders))
                ORDER BY offerEvent.id LIMIT ?
                """, arguments: arguments)
            return try rows.map { (publicID: $0["publicID"], event: try OfferEventRecord(row: $0)) }
        }
    }
}
