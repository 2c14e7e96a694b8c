public import GRDB

/// The sync state of one mailbox: which UIDVALIDITY we know and the highest UID stored.
public struct MailboxRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "mailbox"
    public var id: Int64?
    /// `username@url`, stable across restarts.
    public var key: String
    public var uidValidity: Int64?
    public var highestUID: Int64
    public var updatedAt: Int64
    /// When a pass over the mailbox last succeeded (schema v7).
    public var lastFetchAt: Int64? = nil

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension MailboxRecord {
    static func withKey(_ key: String) -> QueryInterfaceRequest<MailboxRecord> { filter(Column(CodingKeys.key) == key) }
}
