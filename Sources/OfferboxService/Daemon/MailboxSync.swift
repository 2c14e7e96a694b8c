import Foundation
import OfferCore
import Logging
import MailTransport
import OfferStore

/// One pass over one mailbox: everything new is fetched, ingested (one transaction each) and
/// then, only after the commit, flagged on the server.
///
/// Order matters for exactly-once: store → commit → flag. A crash between commit and flag leaves
/// a stored, unflagged copy; the next pass finds it by its (mailbox, UIDVALIDITY, UID) and flags it
/// without storing it again. A UIDVALIDITY change starts the UIDs over; the content digest keeps the
/// renumbered messages from being stored or answered twice.
public final class MailboxSync: Sendable {
    let mailbox: Configuration.Mailbox
    let client: IMAPMailboxClient
    let pipeline: IntakePipeline
    let database: OfferDatabase
    let logger: Logger
    /// Called after each committed message, to wake the outbox.
    let onStored: @Sendable () -> Void
    /// The messages in hand, so that a death is blamed on them at the next start.
    let inFlight: InFlightJournal
    /// `[retention] expunge_from_server`: the server's copies of purged messages are deleted after each pass.
    /// Not with `move_to`: the stored copies are in another folder, which offerbox does not read.
    var expungePurged: Bool { (pipeline.configuration.retention?.expungeFromServer ?? false) && mailbox.moveTo == nil }
    /// Where this mailbox's stores run, one at a time.
    private let storeQueue = DispatchQueue(label: "offerbox.mailbox-store")
    /// Where this mailbox's messages are parsed and analysed (``IntakeBatch/window`` at once): seconds
    /// of CPU and waits on the PDF workers must not hold one of Swift's few cooperative threads,
    /// which the watchdog's pings need.
    private let analysisQueue = DispatchQueue(label: "offerbox.mailbox-analysis", attributes: .concurrent)
    /// Messages analysed at once in the whole process, whatever the number of mailboxes: with the
    /// per-message budgets, this bounds the memory analysis can take (README, "Limits").
    private static let analysisSlots = DispatchSemaphore(value: 2)
    /// Taken by a message that was in hand at a death, before it takes both analysis slots: nothing
    /// else is analysed beside it, and two such messages never each hold one slot waiting for the other.
    private static let suspectGate = DispatchSemaphore(value: 1)
    /// Raw mail and decoded documents held by the messages in hand (analysed, or waiting to be
    /// stored) in the whole process; a second analysis in a mailbox waits while it is high.
    static let heldBytes = HeldBytes()
    /// Deaths in hand after which a message is quarantined instead of processed again.
    static let deathsBeforeQuarantine = 3

    public struct PassResult: Sendable, Equatable {
        public var fetched = 0
        public var stored = 0
        public var duplicates = 0
        public var flagged = 0
    }

    init(mailbox: Configuration.Mailbox, pipeline: IntakePipeline, database: OfferDatabase, inFlight: InFlightJournal, logger: Logger,
         onStored: @escaping @Sendable () -> Void) throws(MailTransportError) {
        self.inFlight = inFlight
        self.mailbox = mailbox
        self.client = try IMAPMailboxClient(configuration: mailbox.transport, logger: logger)
        self.pipeline = pipeline
        self.database = database
        self.logger = logger
        self.onStored = onStored
    }

    /// Runs one pass. `shouldStop` is checked between messages (graceful shutdown finishes the current one).
    public func pass(now: @escaping @Sendable () -> Int64, shouldStop: @escaping @Sendable () -> Bool) async throws -> PassResult {
        var result = PassResult()
        // Everything the server held from here on is read by the end of the pass (the opening waits for it).
        let began = now()
        let status = try await client.status()
        var lastUID = try firstUIDToRead(uidValidity: status.uidValidity)
        result.flagged += try await flagUnflagged(uidValidity: status.uidValidity)
        var readThrough = false
        while !shouldStop() {
            let uids = try await client.newUIDs(after: lastUID, upTo: status.uidNext, limit: 500)
            guard !uids.isEmpty else {
                readThrough = true
                break
            }
            // Metadata in chunks: libcurl refuses a response over 300 KB (notes section 5), about 1,500 FETCH lines.
            var infos: [IMAPMessageInfo] = []
            for start in stride(from: 0, to: uids.count, by: 100) {
                infos += try await client.messageInfos(uids: Array(uids[start..<min(start + 100, uids.count)]))
            }
            var batch = IntakeBatch(sync: self, uidValidity: status.uidValidity, lastUID: lastUID)
            try await batch.run(infos, now: now, shouldStop: shouldStop)
            result.fetched += batch.result.fetched
            result.stored += batch.result.stored
            result.duplicates += batch.result.duplicates
            result.flagged += batch.result.flagged
            lastUID = max(batch.lastUID, uids.last ?? lastUID)
        }
        // What /healthz and the overview show, and what the opening record waits for: the mailbox is
        // read through from `began`, when the pass asked the server what it holds; a pass stopped
        // half-way (the daemon shutting down) read nothing through.
        if readThrough { try database.markFetched(mailboxKey: mailbox.key, at: began) }
        if expungePurged {
            // A failure here is retention's, not intake's: logged, tried again after the next pass.
            do {
                try await expungePurgedCopies(uidValidity: status.uidValidity, now: now())
            } catch {
                logger.error("retention: the server's copies of purged messages could not be expunged", metadata: ["ob.error": "\(error)"])
            }
        }
        return result
    }

    /// The highest UID stored for this mailbox, or 0 when the server renumbered it (UIDVALIDITY changed).
    private func firstUIDToRead(uidValidity: UInt32) throws -> UInt32 {
        let known = try database.mailbox(key: mailbox.key)
        if let knownValidity = known?.uidValidity, knownValidity != Int64(uidValidity) {
            logger.warning("UIDVALIDITY changed: reconciling by content digest", metadata: [
                "ob.mailbox.uidvalidity.old": "\(knownValidity)", "ob.mailbox.uidvalidity.new": "\(uidValidity)",
            ])
            return 0
        }
        return UInt32(clamping: known?.highestUID ?? 0)
    }

    func startStoring(_ prepared: PreparedMessage, key: InFlightJournal.Key, at time: Int64) -> Task<IngestOutcome, any Error> {
        runOnStoreQueue(key) { [pipeline] in try pipeline.store(prepared, now: time) }
    }

    /// Runs `store` on this mailbox's store queue (fsync and SQLite block their thread, which must
    /// not be one of Swift's few cooperative threads), and marks the message out of hand the moment
    /// it returns, committed or refused: from then on a death is not this message's doing.
    private func runOnStoreQueue(_ key: InFlightJournal.Key,
                                 _ store: @escaping @Sendable () throws -> IngestOutcome) -> Task<IngestOutcome, any Error> {
        Task { [storeQueue, inFlight] in
            try await withCheckedThrowingContinuation { continuation in
                storeQueue.async {
                    let result = Result { try store() }
                    try? inFlight.end(key)
                    continuation.resume(with: result)
                }
            }
        }
    }

    /// Parses and analyses `fetched` on this mailbox's analysis queue, once a process-wide slot is
    /// free (both, and alone, for a `suspect`). The message is journaled as in hand only then: one
    /// waiting for a slot cannot cause a death, so it is not blamed for one. Returns the message and
    /// the bytes it holds (raw and decoded documents), already added to ``heldBytes``.
    func prepareOffThePool(_ fetched: FetchedMessage, key: InFlightJournal.Key, suspect: Bool) async throws -> (PreparedMessage, held: Int) {
        try await withCheckedThrowingContinuation { continuation in
            analysisQueue.async { [pipeline, inFlight] in
                if suspect { Self.suspectGate.wait() }
                let slots = suspect ? 2 : 1
                for _ in 0..<slots { Self.analysisSlots.wait() }
                defer {
                    for _ in 0..<slots { Self.analysisSlots.signal() }
                    if suspect { Self.suspectGate.signal() }
                }
                do {
                    try inFlight.begin(key)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let prepared = pipeline.prepare(fetched)
                Self.heldBytes.add(prepared.documentBytes)
                continuation.resume(returning: (prepared, fetched.raw.count + prepared.documentBytes))
            }
        }
    }

    func startQuarantine(_ fetched: FetchedMessage, reason: String, key: InFlightJournal.Key,
                                 at time: Int64) -> Task<IngestOutcome, any Error> {
        runOnStoreQueue(key) { [pipeline] in try pipeline.quarantine(fetched, reason: reason, now: time) }
    }

    /// The message, or nil when its UID is gone (expunged meanwhile): a per-message error, not a failed pass.
    func fetchUnlessGone(_ info: IMAPMessageInfo, uidValidity: UInt32) async throws(MailTransportError) -> IMAPMessage? {
        let start = ContinuousClock.now
        defer { pipeline.stages.add(start.duration(to: .now), to: .fetch) }
        do {
            return try await client.fetch(info, uidValidity: uidValidity)
        } catch {
            if error.kind == .perMessage { return nil }
            throw error
        }
    }

    /// Flags copies committed by an earlier run that stopped before flagging them.
    private func flagUnflagged(uidValidity: UInt32) async throws(MailTransportError) -> Int {
        let pending = ((try? database.unflaggedLocations(mailboxKey: mailbox.key)) ?? []).filter { $0.uidValidity == Int64(uidValidity) }
        guard !pending.isEmpty else { return 0 }
        return try await flag(pending.map { (UInt32(clamping: $0.uid), $0.id ?? 0) }, uidValidity: uidValidity)
    }

    func flag(_ items: [(uid: UInt32, location: Int64)], uidValidity: UInt32) async throws(MailTransportError) -> Int {
        guard !items.isEmpty else { return 0 }
        _ = try await client.markStored(uids: items.map(\.uid), uidValidity: uidValidity)
        for item in items { try? database.markFlagged(locationID: item.location) }
        return items.count
    }

    func disconnect() async { await client.disconnect() }
}

/// The store could not commit a message: transient for the daemon (retried), never a lost message.
public struct StoreFailure: Error, CustomStringConvertible {
    public var underlying: String
    public var description: String { "could not store a message: \(underlying)" }
}

extension MailboxSync {
    /// Retention with `expunge_from_server`: the server's copies of purged messages are deleted;
    /// their locations stay in the register, so a copy is never fetched (or answered) again.
    private func expungePurgedCopies(uidValidity: UInt32, now: Int64) async throws {
        let uids = try database.purgedCopies(mailboxKey: mailbox.key, uidValidity: Int64(uidValidity)).compactMap { UInt32(exactly: $0) }
        guard !uids.isEmpty else { return }
        for start in stride(from: 0, to: uids.count, by: 200) {
            let chunk = Array(uids[start..<min(start + 200, uids.count)])
            guard try await client.expunge(uids: chunk, uidValidity: uidValidity) else {
                logger.warning("the server has no UIDPLUS: purged messages are marked \\Deleted, not expunged", metadata: ["ob.count": "\(chunk.count)"])
                return
            }
            try database.markExpunged(mailboxKey: mailbox.key, uidValidity: Int64(uidValidity), uids: chunk.map(Int64.init), at: now)
        }
        logger.notice("retention: purged messages expunged from the server", metadata: ["ob.count": "\(uids.count)"])
    }
}
