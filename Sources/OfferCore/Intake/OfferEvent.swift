/// An entry of an offer's append-only history, as decided; the store adds the time and the message.
public enum OfferEvent: Sendable, Hashable {
    case created(status: OfferStatus)
    case messageCounted(kinds: [DocumentKind])
    /// Earlier documents a resubmission replaced, by identity (their names live in their rows, which
    /// retention may redact; the history never copies them).
    case documentReplaced([DocumentRef])
    case statusChanged(from: OfferStatus, to: OfferStatus)
    /// A message after the deadline for an offer that began in time: stored, not counted.
    case lateMessage
    case withdrawalRequested
    case messageHeld(reason: String)
    case correspondence(reason: String)
    case messageReleased(by: String, reason: String, was: ReviewKind)
    case messageDismissed(by: String, reason: String, was: ReviewKind)
    /// A person corrected what a document is (`to` nil: not a document at all).
    case documentReclassified(DocumentRef, from: DocumentKind?, to: DocumentKind?, by: String, reason: String)
    /// A person recorded the applicant's request to withdraw the offer.
    case withdrawn(by: String, reason: String)
    case messageAnswered(by: String, reason: String, was: ReviewKind)
    /// Two addresses, one applicant: a person merged offer `other` into this one (or this one into `other`).
    case merged(other: String, into: Bool, by: String, reason: String)
    /// The call's deadline moved later (`from`, `to`: seconds since 1970).
    case deadlineExtended(from: Int64, to: Int64)
    /// Someone opened or downloaded a document on the web page (who, and which row).
    case documentAccessed(DocumentRef, by: String)
    /// Someone downloaded the offer's documents in the export of every offer.
    case documentsExported(by: String)
    /// The register was opened at the deadline: the opening record's SHA-256.
    case registerOpened(sha256: String)
    /// Retention removed one kind of personal data of the offer (the tombstone stays).
    case purged(RetentionPolicy.Category)

    /// Whether the event is about the message being decided (else about the offer alone).
    public var concernsMessage: Bool {
        if case .created = self { return false }
        return true
    }
}

/// The kind of a history entry, stored as its raw value in `offerEvent.kind`.
public enum OfferEventKind: String, Sendable, Hashable, Codable, CaseIterable {
    case created
    case messageCounted = "message_counted"
    case documentReplaced = "document_replaced"
    case statusChanged = "status_changed"
    case lateMessage = "late_message"
    case withdrawalRequested = "withdrawal_requested"
    case messageHeld = "message_held"
    case correspondence
    case messageReleased = "message_released"
    case messageDismissed = "message_dismissed"
    case documentReclassified = "document_reclassified"
    case withdrawn
    case messageAnswered = "message_answered"
    case merged
    case deadlineExtended = "deadline_extended"
    case documentAccessed = "document_accessed"
    case documentsExported = "documents_exported"
    case registerOpened = "register_opened"
    case purged
    /// Written before schema v3 for what is now ``messageHeld``: kept so that those entries still
    /// read (the history is never rewritten for a name); never written now.
    case heldForgedSender = "held_forged_sender"
}

/// The details of a history entry, stored as a JSON object in `offerEvent.detail` with the keys
/// written since the first schema; each kind uses a few of them.
public struct OfferEventDetail: Sendable, Hashable, Codable {
    public var status: OfferStatus?
    /// The kinds a counted message held, as stored: comma-separated.
    public var kinds: String?
    public var from: OfferStatus?
    public var to: OfferStatus?
    /// Replaced documents by name and hash, as written before schema v5 (kept: history is append-only).
    public var replaced: String?
    /// Replaced documents by row (since schema v5).
    public var replacedDocuments: [Int64]?
    public var reason: String?
    public var by: String?
    public var was: ReviewKind?
    /// The document a person corrected, by row, and its kind before and after (nil: not a document).
    public var document: Int64?
    public var fromKind: DocumentKind?
    public var toKind: DocumentKind?
    /// A merge: the offer merged into this one, or the one this was merged into (public ids).
    public var mergedFrom: String?
    public var mergedInto: String?
    /// A deadline extension: the deadline before and after (seconds since 1970).
    public var deadlineFrom: Int64?
    public var deadlineTo: Int64?
    /// The opening record's SHA-256 (hex).
    public var opening: String?
    /// What retention removed (`raw_messages`, `documents`, `identities`).
    public var purged: RetentionPolicy.Category?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case status, kinds, from, to, replaced, reason, by, was, document
        case replacedDocuments = "replaced_documents", fromKind = "from_kind", toKind = "to_kind"
        case mergedFrom = "merged_from", mergedInto = "merged_into", deadlineFrom = "deadline_from", deadlineTo = "deadline_to"
        case opening, purged
    }
}

extension OfferEvent {
    public var kind: OfferEventKind {
        switch self {
        case .created: .created
        case .messageCounted: .messageCounted
        case .documentReplaced: .documentReplaced
        case .statusChanged: .statusChanged
        case .lateMessage: .lateMessage
        case .withdrawalRequested: .withdrawalRequested
        case .messageHeld: .messageHeld
        case .correspondence: .correspondence
        case .messageReleased: .messageReleased
        case .messageDismissed: .messageDismissed
        case .documentReclassified: .documentReclassified
        case .withdrawn: .withdrawn
        case .messageAnswered: .messageAnswered
        case .merged: .merged
        case .deadlineExtended: .deadlineExtended
        case .documentAccessed: .documentAccessed
        case .documentsExported: .documentsExported
        case .registerOpened: .registerOpened
        case .purged: .purged
        }
    }

    /// The stored details; `rows` gives the register's row of each replaced document.
    public var detail: OfferEventDetail {
        var detail = OfferEventDetail()
        switch self {
        case .created(let status): detail.status = status
        case .messageCounted(let kinds): detail.kinds = kinds.map(\.rawValue).joined(separator: ",")
        case .documentReplaced(let documents): detail.replacedDocuments = documents.compactMap(\.row)
        case .statusChanged(let from, let to): (detail.from, detail.to) = (from, to)
        case .lateMessage, .withdrawalRequested: break
        case .messageHeld(let reason), .correspondence(let reason): detail.reason = reason
        case .messageReleased(let by, let reason, let was), .messageDismissed(let by, let reason, let was),
             .messageAnswered(let by, let reason, let was):
            (detail.by, detail.reason, detail.was) = (by, reason, was)
        case .documentReclassified(let document, let from, let to, let by, let reason):
            (detail.document, detail.fromKind, detail.toKind, detail.by, detail.reason) = (document.row, from, to, by, reason)
        case .withdrawn(let by, let reason): (detail.by, detail.reason) = (by, reason)
        case .merged(let other, let into, let by, let reason):
            (detail.mergedFrom, detail.mergedInto, detail.by, detail.reason) = (into ? other : nil, into ? nil : other, by, reason)
        case .deadlineExtended(let from, let to): (detail.deadlineFrom, detail.deadlineTo) = (from, to)
        case .documentAccessed(let document, let by): (detail.document, detail.by) = (document.row, by)
        case .documentsExported(let by): detail.by = by
        case .registerOpened(let sha256): detail.opening = sha256
        case .purged(let category): detail.purged = category
        }
        return detail
    }
}

extension OfferEvent {
    /// The event with the documents it names known by their rows (`row` gives the row of a
    /// document of the message being decided, once stored).
    public func resolving(_ row: (DocumentRef) -> Int64?) -> OfferEvent {
        guard case .documentReplaced(let documents) = self else { return self }
        return .documentReplaced(documents.map { ref in row(ref).map(DocumentRef.stored) ?? ref })
    }
}
