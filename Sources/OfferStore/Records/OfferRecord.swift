public import Foundation
public import GRDB
public import OfferCore

/// One offer: one applicant address, its status as the call's rules decide it.
public struct OfferRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "offer"
    public var id: Int64?
    /// `ASTON-2022-0007`.
    public var publicID: String
    /// Lowercased.
    public var applicantAddress: String
    public var applicantName: String?
    public var status: OfferStatus
    /// INTERNALDATE of the offer's first message.
    public var firstReceivedAt: Int64
    /// INTERNALDATE of the latest counted message.
    public var receivedAt: Int64
    /// Something a person must look at (a withdrawal, a held forgery), or nil.
    public var attention: String?
    /// The strongest sender check a counted message of this offer passed.
    public var authentication: SenderAuthentication = .none
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When a person recorded the applicant's request to withdraw it.
    public var withdrawnAt: Int64?
    /// The offer a person merged this one into (two addresses, one applicant).
    public var mergedInto: Int64?
    /// When retention removed the applicant's name, address and the texts of their mail (schema v8).
    public var identityPurgedAt: Int64? = nil

    public init(id: Int64? = nil, publicID: String, applicantAddress: String, applicantName: String?, status: OfferStatus,
                firstReceivedAt: Int64, receivedAt: Int64, attention: String? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.publicID = publicID
        self.applicantAddress = applicantAddress
        self.applicantName = applicantName
        self.status = status
        self.firstReceivedAt = firstReceivedAt
        self.receivedAt = receivedAt
        self.attention = attention
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An entry of an offer's append-only history (the schema refuses updates and deletes).
public struct OfferEventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "offerEvent"
    public var id: Int64?
    public var offerId: Int64
    public var at: Int64
    public var kind: OfferEventKind
    public var messageId: Int64?
    /// Stored as a JSON object.
    public var detail: OfferEventDetail
    /// When retention redacted the entry's free text (schema v8).
    public var redactedAt: Int64? = nil

    public init(offerId: Int64, at time: Int64, kind: OfferEventKind, messageId: Int64?, detail: OfferEventDetail) {
        self.offerId = offerId
        self.at = time
        self.kind = kind
        self.messageId = messageId
        self.detail = detail
    }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension OfferRecord {
    /// The part of the offer the rules change.
    public var state: OfferState {
        get {
            OfferState(status: status, firstReceivedAt: firstReceivedAt, receivedAt: receivedAt, authentication: authentication,
                       attention: attention.map(OfferAttention.note))
        }
        set {
            status = newValue.status
            firstReceivedAt = newValue.firstReceivedAt
            receivedAt = newValue.receivedAt
            authentication = newValue.authentication
        }
    }
}

extension OfferRecord {
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let publicID = Column(CodingKeys.publicID)
        public static let applicantAddress = Column(CodingKeys.applicantAddress)
        public static let status = Column(CodingKeys.status)
    }

    static func withPublicID(_ publicID: String) -> QueryInterfaceRequest<OfferRecord> { filter(Columns.publicID == publicID) }

    static func of(applicant address: String) -> QueryInterfaceRequest<OfferRecord> {
        filter(Columns.applicantAddress == address.lowercased())
    }

    /// Every offer (or those of one status) in the order of their public ids.
    static func inOrder(status: OfferStatus?) -> QueryInterfaceRequest<OfferRecord> {
        let all = order(Columns.id)
        return status.map { all.filter(Columns.status == $0) } ?? all
    }
}

extension OfferEventRecord {
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let offerId = Column(CodingKeys.offerId)
    }

    static func history(offerID: Int64) -> QueryInterfaceRequest<OfferEventRecord> { filter(Columns.offerId == offerID).order(Columns.id) }
}
