public import GRDB
public import OfferCore

/// A message the store has not seen, with its documents, as the pipeline prepared it.
public struct NewMessage: Sendable {
    /// Its row; the decision sets category, offer, counted and reply decision.
    public var record: MessageRecord
    public var raw: [UInt8]
    public var documents: [NewDocument]

    public init(record: MessageRecord, raw: [UInt8], documents: [NewDocument]) {
        self.record = record
        self.raw = raw
        self.documents = documents
    }
}

/// One document of a new message (one per file and kind), known to the rules as `.incoming(index)`.
public struct NewDocument: Sendable {
    public var record: DocumentRecord
    public var bytes: [UInt8]
    /// The decoded body of this MIME part of the message: its bytes are found again there.
    public var part: (messageSHA256: String, partPath: String)?

    public init(record: DocumentRecord, bytes: [UInt8], part: (messageSHA256: String, partPath: String)?) {
        self.record = record
        self.bytes = bytes
        self.part = part
    }
}

/// What applying a decision wrote.
public struct AppliedDecision: Sendable {
    public var messageRowID: Int64
    /// The offer as it is now, if the message belongs to one.
    public var offer: OfferRecord?
    /// The row of each new document, by its index in ``NewMessage/documents``.
    public var documentRows: [Int64]

    /// A document's row, whichever way the rules knew it.
    public func row(_ ref: DocumentRef) -> Int64? {
        switch ref {
        case .stored(let id): id
        case .incoming(let index): documentRows.indices.contains(index) ? documentRows[index] : nil
        }
    }
}

extension IngestTransaction {
    /// The message as the decision has it: a new message is stored with its documents, a stored
    /// one (released by a person) gets its disposition.
    public enum Subject {
        case new(NewMessage)
        case stored(messageRowID: Int64)
    }

    /// Writes ``IntakeDecision`` as one set of rows: the offer (created with the next public id
    /// `reference-NNNN`, or changed), the message and its documents, the review, the history.
    /// `existing` is the offer the decision read.
    public mutating func apply(_ decision: IntakeDecision, to subject: Subject, existing: OfferRecord?,
                               applicant: (address: String, name: String?)?, reference: String, now: Int64) throws -> AppliedDecision {
        var offer = try offerRow(decision.offer, existing: existing, applicant: applicant, reference: reference, now: now)
        var documentRows: [Int64] = []
        let messageRowID: Int64
        switch subject {
        case .new(let new):
            var record = new.record
            (record.category, record.offerId, record.counted, record.replyDecision) =
                (decision.category, offer?.id, decision.counted, decision.reason)
            messageRowID = try insert(record, raw: new.raw).id ?? 0
            for document in new.documents {
                var row = document.record
                row.messageId = messageRowID
                documentRows.append(try insert(row, bytes: document.bytes, part: document.part).id ?? 0)
            }
        case .stored(let rowID):
            messageRowID = rowID
            try setDisposition(messageID: rowID, category: decision.category, offerID: offer?.id, counted: decision.counted,
                               replyDecision: decision.reason)
        }
        if let review = decision.review {
            try openReview(messageID: messageRowID, kind: review.kind, reason: review.reason, at: now)
        }
        if var changed = offer, let state = decision.offer.state, let offerID = changed.id {
            changed.state = state
            if let attention = state.attention, attention != existing?.state.attention {
                changed.attention = attention.text(messageRow: messageRowID)
            }
            // A counted or late message always touches its offer, as it always did; a message set
            // aside only when it changes something (a note for a person).
            if changed != existing || decision.evaluation != nil {
                changed.updatedAt = now
                try update(changed)
            }
            let applied = AppliedDecision(messageRowID: messageRowID, offer: nil, documentRows: documentRows)
            for event in decision.events.map({ $0.resolving(applied.row) }) {
                try appendEvent(offerID: offerID, at: now, kind: event.kind, messageID: event.concernsMessage ? messageRowID : nil,
                                detail: event.detail)
            }
            offer = changed
        }
        return AppliedDecision(messageRowID: messageRowID, offer: offer, documentRows: documentRows)
    }

    private mutating func offerRow(_ change: IntakeDecision.OfferChange, existing: OfferRecord?,
                                   applicant: (address: String, name: String?)?, reference: String, now: Int64) throws -> OfferRecord? {
        guard case .created(let state) = change else { return change == .none ? nil : existing }
        guard let applicant else { throw DatabaseError(message: "a new offer without an applicant address") }
        let number = String(try nextOfferNumber())
        var created = OfferRecord(
            publicID: "\(reference)-\(String(repeating: "0", count: max(0, 4 - number.count)) + number)",
            applicantAddress: applicant.address.lowercased(), applicantName: applicant.name, status: state.status,
            firstReceivedAt: state.firstReceivedAt, receivedAt: state.receivedAt, createdAt: now, updatedAt: now)
        created.authentication = state.authentication
        return try insert(created)
    }
}

extension DocumentRecord {
    /// The document as the rules see it, given the receipt time of its message.
    public func ruleDocument(receivedAt: Int64) -> OfferRules.Document? {
        id.map { OfferRules.Document(id: .stored($0), kind: kind, receivedAt: receivedAt, message: messageId) }
    }
}

extension IngestTransaction {
    /// Writes an offer evaluated again after a person's correction: its new state, touched now,
    /// and the history entries (about `messageID` when the correction concerns one message).
    public mutating func apply(_ reevaluation: Reevaluation, to offer: OfferRecord, messageID: Int64?, now: Int64) throws -> OfferRecord {
        guard let offerID = offer.id else { throw DatabaseError(message: "an offer without a row id") }
        var changed = offer
        changed.state = reevaluation.state
        changed.updatedAt = now
        try update(changed)
        for event in reevaluation.events {
            try appendEvent(offerID: offerID, at: now, kind: event.kind, messageID: messageID, detail: event.detail)
        }
        return changed
    }
}
