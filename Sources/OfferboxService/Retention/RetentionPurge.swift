public import OfferCore
public import OfferStore

/// `offerbox purge`, and the daemon once a day: removes what `[retention]` no longer allows to be
/// kept, leaving the tombstone (public ids, statuses, receipt times, every SHA-256, each copy's
/// mailbox location and content digest). Each message or offer is one transaction and every step
/// is idempotent: a purge cut short by a crash is completed by the next run.
///
/// Order: identities, then document contents, then raw messages. A raw message whose documents
/// are still kept first has their bytes stored apart (decoded again and checked against their
/// SHA-256); if one cannot be, the message is kept and reported, never the last copy lost.
public struct RetentionPurge: Sendable {
    let database: OfferDatabase
    let policy: RetentionPolicy
    let reader: DocumentReader

    public init(database: OfferDatabase, policy: RetentionPolicy) {
        self.database = database
        self.policy = policy
        self.reader = DocumentReader(database: database)
    }

    public struct Report: Sendable, Equatable {
        public var due: [RetentionPolicy.Category] = []
        /// Offers whose identities were (or, dry, would be) removed.
        public var identities = 0
        public var documents = 0
        public var rawMessages = 0
        /// Raw messages kept because a document decoded from them could not be stored apart.
        public var keptBack = 0
        public var files = 0
        public var dryRun = false
    }

    public func run(now: Int64, dryRun: Bool = false) throws -> Report {
        var report = Report(due: policy.due(now: now), dryRun: dryRun)
        if dryRun {
            let counts = try database.retentionCounts()
            if report.due.contains(.identities) { report.identities = counts.identities }
            if report.due.contains(.documents) { report.documents = counts.documents }
            if report.due.contains(.rawMessages) { report.rawMessages = counts.rawMessages }
            return report
        }
        if report.due.contains(.identities) { report.identities = try purgeIdentities(now: now) }
        if report.due.contains(.documents) { report.documents = try purgeDocuments(now: now) }
        if report.due.contains(.rawMessages) { (report.rawMessages, report.keptBack) = try purgeRawMessages(now: now) }
        if !report.due.isEmpty {
            report.files = try database.removePurgedFiles()
            // What was removed leaves the write-ahead log too (the pages themselves are zeroed: secure_delete).
            try database.checkpoint()
        }
        return report
    }

    private func purgeIdentities(now: Int64) throws -> Int {
        var purged = 0
        // Every offer, each run: what came in since an offer's identity went is redacted too.
        for offerID in try database.allOfferIDs() where try purgeIdentities(of: offerID, now: now) { purged += 1 }
        // The mail that made no offer (questions, out-of-office replies, newsletters) names its senders too.
        _ = try purgeIdentities(of: nil, now: now)
        try database.purgeOpeningRecords(at: now)
        return purged
    }

    /// One offer's identities (nil: the mail of no offer), its replies' texts hashed as they go.
    func purgeIdentities(of offerID: Int64?, now: Int64) throws -> Bool {
        try database.purgeIdentities(offerID: offerID, hash: { Digests.sha256Hex($0) }, at: now)
    }

    /// The due documents, or those of these offers and messages (an erasure), by batches of 200.
    func purgeDocuments(offers: [Int64]? = nil, messages: [Int64] = [], now: Int64) throws -> Int {
        var total = 0
        while true {
            let removed = try database.purgeDocumentContents(limit: 200, offers: offers, messages: messages, at: now)
            total += removed
            if removed == 0 { return total }
        }
    }

    /// The documents decoded from `message`, read (and checked against their SHA-256) so that they
    /// are stored apart before its raw bytes go.
    func keeping(_ message: OfferDatabase.RawMessage) throws -> [(sha256: String, bytes: [UInt8])] {
        try message.parts.map { (sha256: $0.sha256, bytes: try reader.bytes(sha256: $0.sha256)) }
    }

    private func purgeRawMessages(now: Int64) throws -> (purged: Int, keptBack: Int) {
        var purged = 0
        var keptBack = Set<Int64>()
        while true {
            let batch = try database.messagesWithRawBytes(limit: 100 + keptBack.count).filter { !keptBack.contains($0.id) }
            guard !batch.isEmpty else { break }
            for message in batch {
                guard let keeping = try? keeping(message) else {
                    keptBack.insert(message.id)
                    continue
                }
                if try database.purgeRawMessage(message, keeping: keeping, at: now) { purged += 1 }
            }
        }
        return (purged, keptBack.count)
    }
}
