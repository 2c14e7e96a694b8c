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
public final class MailboxSync: @unchecked Sendable {
    let mailbox: Configuration.Mailbox
    let client: IMAPMailboxClient
    let pipeline: IntakePipeline
    let database: OfferDatabase
    let logger: Logger
    /// Called after each committed message, to wake the outbox.
    let onStored: @Sendable () -> Void
    /// The messages in hand, so that a death is blamed on them at the next start.
    let inFlight: InFlightJournal
    /// Where this mailbox's stores run, one at a time.
    private let storeQueue = DispatchQueue(label: "offerbox.mailbox-store")
    /// Where this mailbox's messages are parsed and analysed: seconds of CPU and child processes
    /// must not hold one of Swift's few cooperative threads, which the watchdog's pings need.
    private let analysisQueue = DispatchQueue(label: "offerbox.mailbox-analysis")
    /// Messages analysed at once in the whole process, whatever the number of mailboxes: with the
    /// per-message budgets, this bounds the memory analysis can take (README, "Limits").
    private static let analysisSlots = DispatchSemaphore(value: 2)
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
    public func pass(now: @Sendable () -> Int64, shouldStop: @Sendable () -> Bool) async throws -> PassResult {
        var result = PassResult()
        let status = try await client.status()
        let known = try? database.mailbox(key: mailbox.key)
        var lastUID = UInt32(clamping: known?.highestUID ?? 0)
        if let knownValidity = known?.uidValidity, knownValidity != Int64(status.uidValidity) {
            logger.warning("UIDVALIDITY changed: reconciling by content digest", metadata: [
                "ob.mailbox.uidvalidity.old": "\(knownValidity)", "ob.mailbox.uidvalidity.new": "\(status.uidValidity)",
            ])
            lastUID = 0
        }
        result.flagged += try await flagUnflagged(uidValidity: status.uidValidity)

        while !shouldStop() {
            let uids = try await client.newUIDs(after: lastUID, upTo: status.uidNext, limit: 500)
            guard !uids.isEmpty else { break }
            var toFlag: [(uid: UInt32, location: Int64)] = []
            // Metadata in chunks: libcurl refuses a response over 300 KB (notes section 5), about 1,500 FETCH lines.
            var infos: [IMAPMessageInfo] = []
            for start in stride(from: 0, to: uids.count, by: 100) {
                infos += try await client.messageInfos(uids: Array(uids[start..<min(start + 100, uids.count)]))
            }
            // Three messages move at once: the next is fetched while this one is parsed and analysed,
            // while the one before is stored (files, fsync, transaction). Stores stay one at a time
            // and in UID order, and at most three messages are in memory.
            let uidValidity = status.uidValidity
            var prefetch: Task<IMAPMessage?, any Error>? = infos.first.map { first in
                Task { try await self.fetchUnlessGone(first, uidValidity: uidValidity) }
            }
            var storing: Task<IngestOutcome, any Error>?
            var storingUID: UInt32 = 0
            defer { prefetch?.cancel() }
            /// Waits for the store in flight and books its outcome.
            func finishStoring() async throws {
                guard let task = storing else { return }
                storing = nil
                let outcome: IngestOutcome
                do {
                    outcome = try await task.value
                } catch {
                    // The store refused (disk full, database locked too long): nothing was committed; retry next pass.
                    logger.error("could not store a message; it stays unflagged and is retried", metadata: [
                        "ob.imap.uid": "\(storingUID)", "ob.error": "\(error)"])
                    throw StoreFailure(underlying: "\(error)")
                }
                switch outcome.action {
                case .stored: result.stored += 1
                case .duplicateCopy: result.duplicates += 1
                case .alreadyStored: break
                }
                logger.info("message ingested", metadata: [
                    "ob.imap.uid": "\(storingUID)", "ob.action": "\(outcome.action.rawValue)", "ob.category": "\(outcome.category?.rawValue ?? "-")",
                    "ob.offer.id": "\(outcome.offerID ?? "-")", "ob.reply": "\(outcome.replyKind?.rawValue ?? "none")",
                ])
                if !outcome.flagged { toFlag.append((storingUID, outcome.locationID)) }
                lastUID = max(lastUID, storingUID)
                onStored()
                if toFlag.count >= 100 { result.flagged += try await flag(toFlag, uidValidity: uidValidity); toFlag = [] }
            }
            /// ``finishStoring()`` for the message before `key`'s; if it fails, `key`'s message is no
            /// longer in hand either (this pass ends, the process lives on).
            func finishStoring(thenEnding key: InFlightJournal.Key) async throws {
                do {
                    try await finishStoring()
                } catch {
                    try? inFlight.end(key)
                    throw error
                }
            }
            for (index, info) in infos.enumerated() {
                if shouldStop() { break }
                guard let pending = prefetch else { break }
                let fetched: IMAPMessage?
                do {
                    fetched = try await pending.value
                } catch {
                    // The server failed: the store in flight still commits, and is flagged next pass.
                    _ = try? await storing?.value
                    throw error
                }
                prefetch = index + 1 < infos.count ? Task { [next = infos[index + 1]] in
                    try await self.fetchUnlessGone(next, uidValidity: uidValidity)
                } : nil
                guard let message = fetched else {
                    logger.notice("message vanished before it could be fetched", metadata: ["ob.imap.uid": "\(info.uid)"])
                    continue
                }
                result.fetched += 1
                let fetchedMessage = FetchedMessage(
                    mailboxKey: mailbox.key, uidValidity: Int64(uidValidity), uid: Int64(info.uid),
                    internalDate: Int64(info.internalDate.date.timeIntervalSince1970.rounded(.down)), raw: message.bytes)
                let key = InFlightJournal.Key(mailboxKey: mailbox.key, uidValidity: fetchedMessage.uidValidity, uid: fetchedMessage.uid)
                let deaths = try database.deaths(key)
                try inFlight.begin(key)
                if deaths >= Self.deathsBeforeQuarantine {
                    // It was in hand at every one of these deaths: set it aside, go on with the next.
                    let reason = "the daemon died \(deaths) times while this message was in hand: quarantined for a person"
                    logger.error("message quarantined", metadata: ["ob.imap.uid": "\(info.uid)", "ob.deaths": "\(deaths)"])
                    try await finishStoring(thenEnding: key)
                    storingUID = info.uid
                    storing = startQuarantine(fetchedMessage, reason: reason, key: key, at: now())
                    continue
                }
                let prepared = await prepareOffThePool(fetchedMessage)
                try await finishStoring(thenEnding: key)
                storingUID = info.uid
                storing = startStoring(prepared, key: key, at: now())
            }
            // Graceful shutdown also lands here: the message being stored is finished, never dropped.
            try await finishStoring()
            result.flagged += try await flag(toFlag, uidValidity: status.uidValidity)
            lastUID = max(lastUID, uids.last ?? lastUID)
        }
        return result
    }

    private func startStoring(_ prepared: PreparedMessage, key: InFlightJournal.Key, at time: Int64) -> Task<IngestOutcome, any Error> {
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

    /// Parses and analyses `fetched` on this mailbox's analysis queue, once a process-wide slot is free.
    private func prepareOffThePool(_ fetched: FetchedMessage) async -> PreparedMessage {
        await withCheckedContinuation { continuation in
            analysisQueue.async { [pipeline] in
                Self.analysisSlots.wait()
                defer { Self.analysisSlots.signal() }
                continuation.resume(returning: pipeline.prepare(fetched))
            }
        }
    }

    private func startQuarantine(_ fetched: FetchedMessage, reason: String, key: InFlightJournal.Key,
                                 at time: Int64) -> Task<IngestOutcome, any Error> {
        runOnStoreQueue(key) { [pipeline] in try pipeline.quarantine(fetched, reason: reason, now: time) }
    }

    /// The message, or nil when its UID is gone (expunged meanwhile): a per-message error, not a failed pass.
    private func fetchUnlessGone(_ info: IMAPMessageInfo, uidValidity: UInt32) async throws(MailTransportError) -> IMAPMessage? {
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

    private func flag(_ items: [(uid: UInt32, location: Int64)], uidValidity: UInt32) async throws(MailTransportError) -> Int {
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
