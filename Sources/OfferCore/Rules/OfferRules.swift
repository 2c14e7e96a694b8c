/// The call's rules for one offer: the deadline, the required documents, resubmissions.
///
/// Pure: every time is passed in (seconds since 1970, the mail server's receipt time), nothing
/// reads a clock.
///
/// - A message received at or after ``deadline`` is late.
/// - An offer whose first message is late is `late`; its documents never make it complete.
/// - A late message never counts toward an offer that began before the deadline: the offer keeps
///   the status it had at the deadline.
/// - A resubmission before the deadline replaces the earlier document of the same kind: for each
///   kind, the documents of the latest counted message holding that kind are current (every
///   version stays stored).
public struct OfferRules: Sendable, Hashable {
    public var deadline: Int64
    public var requiredDocuments: [DocumentKind]

    public init(deadline: Int64, requiredDocuments: [DocumentKind]) {
        self.deadline = deadline
        self.requiredDocuments = requiredDocuments
    }

    public func isLate(receivedAt: Int64) -> Bool { receivedAt >= deadline }

    /// Seconds left before the deadline at `time` (0 when past).
    public func secondsLeft(at time: Int64) -> Int64 { max(0, deadline - time) }

    /// One document of a counted message, known by its identity (``DocumentRef``).
    public struct Document: Sendable, Hashable {
        public var id: DocumentRef
        public var kind: DocumentKind
        /// The receipt time of the message that carried it.
        public var receivedAt: Int64
        /// The message that carried it (any key that orders messages received in the same second).
        public var message: Int64

        public init(id: DocumentRef, kind: DocumentKind, receivedAt: Int64, message: Int64) {
            self.id = id
            self.kind = kind
            self.receivedAt = receivedAt
            self.message = message
        }
    }

    /// What the rules conclude about an offer.
    public struct Evaluation: Sendable, Hashable {
        public var status: OfferStatus
        /// The current documents of each kind received (their ids), in the order they came.
        public var current: [DocumentKind: [DocumentRef]]
        /// Required kinds not received, in the call's order.
        public var missing: [DocumentKind]
        /// Documents (ids) replaced by a later resubmission of the same kind.
        public var replaced: [DocumentRef]
    }

    /// Evaluates an offer whose first message arrived at `firstReceivedAt`, from the documents of its
    /// counted messages (messages received before the deadline, or all of them for a late offer).
    public func evaluate(firstReceivedAt: Int64, documents: [Document]) -> Evaluation {
        let ordered = documents.enumerated().sorted {
            ($0.element.receivedAt, $0.element.message, $0.offset) < ($1.element.receivedAt, $1.element.message, $1.offset)
        }.map(\.element)
        var current: [DocumentKind: [Document]] = [:]
        var replaced: [DocumentRef] = []
        for document in ordered {
            if let existing = current[document.kind], let first = existing.first, first.message != document.message {
                // The same kind in a later message: a resubmission replaces what came before.
                replaced += existing.map(\.id)
                current[document.kind] = [document]
            } else {
                current[document.kind, default: []].append(document)
            }
        }
        let missing = requiredDocuments.filter { current[$0]?.isEmpty ?? true }
        let status: OfferStatus
        if isLate(receivedAt: firstReceivedAt) {
            status = .late
        } else {
            status = missing.isEmpty ? .accepted : .incomplete
        }
        return Evaluation(status: status, current: current.mapValues { $0.map(\.id) }, missing: missing, replaced: replaced)
    }
}
