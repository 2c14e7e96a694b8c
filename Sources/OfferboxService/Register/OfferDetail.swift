public import OfferCore
public import OfferStore

/// One offer in full, as `show` (and any later view of one offer) presents it: the register's entry,
/// every message with its documents and the decision on it, and the history with files named
/// through their rows.
public struct OfferDetail: Sendable {
    public struct Message: Sendable {
        public var summary: MessageSummary
        public var documents: [DocumentRecord]
        /// Its latest review, if it was ever set aside for a person.
        public var review: ReviewRecord?
    }

    public struct HistoryEntry: Sendable {
        /// The entry's row (entries after an opening record's `lastEventId` changed the register after it).
        public var id: Int64
        public var at: Int64
        public var kind: OfferEventKind
        /// The details as text values by key, replaced files by name and hash.
        public var values: [String: String]
        /// The details as a JSON object of text values (keys sorted).
        public var detail: String { JSONText.object(values) }
        /// The keys of `values` that name files (a page under the seal leaves them out).
        public static let fileKeys: Set<String> = ["document", "replaced"]
    }

    public var entry: RegisterEntry
    public var deadline: Int64
    public var messages: [Message]
    public var history: [HistoryEntry]
    public var corrections: [CorrectionRecord]
    /// The replies to the offer's applicant, with their bytes (a page shows their text).
    public var replies: [ReplyRecord]
    /// Documents whose content retention removed: SHA-256 → when.
    public var purgedContents: [String: Int64]
}

extension Register {
    /// One offer in full, from one snapshot of the store.
    public func detail(publicID: String) throws -> OfferDetail? {
        guard let rows = try database.rows(publicID: publicID) else { return nil }
        var entry = entry(rows.offer, counted: rows.counted, messages: rows.messages, replies: rows.replies)
        entry.mergedInto = try rows.offer.mergedInto.flatMap { try database.offer(id: $0)?.publicID }
        let reviews = Dictionary(rows.reviews.map { ($0.messageId, $0) }) { _, latest in latest }
        let messages = rows.messages.map { message in
            OfferDetail.Message(summary: message, documents: rows.documents[message.id ?? 0] ?? [], review: reviews[message.id ?? 0])
        }
        let documents = Dictionary(rows.documents.values.joined().compactMap { document in document.id.map { ($0, document) } }) { first, _ in first }
        let history = rows.events.map { event in
            OfferDetail.HistoryEntry(id: event.id ?? 0, at: event.at, kind: event.kind,
                                     values: Self.detailValues(event.detail, kind: event.kind, documents: documents))
        }
        return OfferDetail(entry: entry, deadline: rules.deadline, messages: messages, history: history, corrections: rows.corrections,
                           replies: rows.replies, purgedContents: rows.purgedContents)
    }

    /// An event's details as text: the stored keys, replaced documents named from their rows
    /// (`name (sha256 …)`, as the history wrote them before it named files by row).
    static func detailText(_ detail: OfferEventDetail, kind: OfferEventKind, documents: [Int64: DocumentRecord]) -> String {
        JSONText.object(detailValues(detail, kind: kind, documents: documents))
    }

    static func detailValues(_ detail: OfferEventDetail, kind: OfferEventKind, documents: [Int64: DocumentRecord]) -> [String: String] {
        var values: [String: String] = [:]
        values["status"] = detail.status?.rawValue
        values["kinds"] = detail.kinds
        values["from"] = detail.from?.rawValue
        values["to"] = detail.to?.rawValue
        values["reason"] = detail.reason
        values["by"] = detail.by
        values["was"] = detail.was?.rawValue
        values["merged_from"] = detail.mergedFrom
        values["merged_into"] = detail.mergedInto
        values["deadline_from"] = detail.deadlineFrom.map(TimeText.rfc3339)
        values["deadline_to"] = detail.deadlineTo.map(TimeText.rfc3339)
        values["document"] = detail.document.map { row in documents[row].map { "\($0.filename ?? "(unnamed)") (file \(row))" } ?? "file \(row)" }
        values["opening"] = detail.opening
        values["purged"] = detail.purged?.rawValue
        if detail.document != nil, kind == .documentReclassified {
            values["from_kind"] = detail.fromKind?.rawValue ?? "none"
            values["to_kind"] = detail.toKind?.rawValue ?? "none"
        }
        values["replaced"] = detail.replaced ?? detail.replacedDocuments.map { rows in
            rows.map { row in documents[row].map { "\($0.filename ?? "(unnamed)") (sha256 \($0.sha256))" } ?? "document \(row)" }
                .joined(separator: ", ")
        }
        return values
    }
}
