import Foundation
import Logging
import MailTransport
import OfferCore
import OfferStore

/// One batch of new messages of a mailbox, moved through three stages at once: the next ones are
/// fetched (a few ahead, one at a time on the connection) while up to two are parsed and analysed
/// (both cores: a message's PDFs wait on the workers while the other's text is recognised), while
/// those before are stored (files, fsync, transaction). Stores stay one at a time and in UID
/// order, each waiting for the one before; none runs after one failed, since the next pass reads
/// on from the highest UID stored. An analysis ended hands its message to the stores' queue and
/// frees its slot at once, instead of waiting for the store before it (an fsync) to end.
///
/// Memory: a second message is analysed beside the first only while the messages in hand in the
/// whole process (``MailboxSync/heldBytes``: raw mail, and decoded documents once analysed) hold
/// at most ``sharedBytes``. A message that was in hand when the daemon died (a suspect) is handled
/// alone: nothing else is analysed in the process while it is, no store of its mailbox runs
/// beside its analysis, and the next message waits for its store. So a message that kills the
/// daemon takes no other's count of deaths toward quarantine with it (a store of another mailbox
/// may still run beside it: stores run no parser).
struct IntakeBatch {
    let sync: MailboxSync
    let uidValidity: UInt32
    var lastUID: UInt32
    var result = MailboxSync.PassResult()
    /// Fetches started ahead, in UID order, each starting when the one before it ended.
    private var prefetches: [(info: IMAPMessageInfo, task: Task<IMAPMessage?, any Error>)] = []
    /// The messages of the batch not fetched yet.
    private var toFetch: ArraySlice<IMAPMessageInfo> = []
    /// Stores queued or running, in UID order; at most ``storesQueued``.
    private var stores: [Storing] = []
    /// Messages being parsed and analysed, in UID order.
    private var preparing: [Preparing] = []
    /// Stored copies to flag on the server, flagged by hundreds.
    private var toFlag: [(uid: UInt32, location: Int64)] = []

    /// Messages analysed at once in one mailbox.
    static let window = 2
    /// Raw bytes the messages in hand may hold together for two of them to be analysed at once.
    static let sharedBytes = 16 << 20
    /// Fetches started ahead of the message being handed on: the connection keeps streaming through
    /// a burst of slow analyses or stores, the lanes' speeds varying from message to message.
    static let prefetchDepth = 4
    /// ... while the messages fetched ahead, the next one included, hold at most this many bytes
    /// (RFC822.SIZE) together; the next one is always fetched, whatever its size.
    static let prefetchBytes = 8 << 20
    /// Stores queued or running at once: the one running and the next, analysed and waiting; only
    /// the one running while the messages in hand hold more than ``sharedBytes``.
    static let storesQueued = 2

    private struct Storing {
        var uid: UInt32
        /// What the message holds in ``MailboxSync/heldBytes``, given back once its store ended.
        var held: Int
        var suspect: Bool
        var task: Task<IngestOutcome, any Error>
    }

    /// A store after one that failed is not run: a message stored past a failed one would move the
    /// highest UID stored beyond it, and the next pass would never read it again.
    struct EarlierStoreFailed: Error {}

    private struct Preparing {
        var uid: UInt32
        var key: InFlightJournal.Key
        var bytes: Int
        /// Handled alone: it was in hand at an earlier death.
        var suspect: Bool
        /// The message analysed, and what it holds; fails only when it could not be journaled.
        var task: Task<(PreparedMessage, held: Int), any Error>
    }

    init(sync: MailboxSync, uidValidity: UInt32, lastUID: UInt32) {
        self.sync = sync
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }

    mutating func run(_ infos: [IMAPMessageInfo], now: @escaping @Sendable () -> Int64, shouldStop: @Sendable () -> Bool) async throws {
        toFetch = infos[...]
        fetchAhead()
        do {
            for info in infos {
                if shouldStop() { break }
                guard let fetched = try await take(info) else { continue }
                try await hand(fetched, uid: info.uid, now: now)
            }
            // Graceful shutdown also lands here: no more is fetched, and the messages in hand are
            // finished, never dropped.
            await stopFetching()
            while !preparing.isEmpty { try await storeOldest(now: now) }
            try await finishStores()
        } catch {
            await stopFetching()
            await abandonPreparing()
            // Stores queued finish, or are skipped after a failed one (each ends its journal entry),
            // before the pass gives up; those committed are flagged next pass.
            var committed = false
            for store in stores {
                switch await store.task.result {
                case .success: committed = true
                case .failure(let failure) where failure is EarlierStoreFailed: break
                case .failure(let failure):
                    sync.logger.error("could not store a message; it stays unflagged and is retried", metadata: [
                        "ob.imap.uid": "\(store.uid)", "ob.error": "\(failure)"])
                }
                MailboxSync.heldBytes.remove(store.held)
            }
            stores = []
            if committed { sync.onStored() }
            throw error
        }
        result.flagged += try await sync.flag(toFlag, uidValidity: uidValidity)
        toFlag = []
    }

    /// Starts fetches ahead, up to ``prefetchDepth`` and ``prefetchBytes``. Each waits for the one
    /// before it, so they reach the server in order and the fetch stage times transfers, not waits;
    /// none starts after one failed or the batch ended (cancelled).
    private mutating func fetchAhead() {
        while let info = toFetch.first,
              prefetches.isEmpty
                || (prefetches.count < Self.prefetchDepth && prefetches.reduce(info.size, { $0 + $1.info.size }) <= Self.prefetchBytes) {
            toFetch = toFetch.dropFirst()
            let previous = prefetches.last?.task
            let task = Task { [sync, uidValidity] () throws -> IMAPMessage? in
                if let previous { _ = try await previous.value }
                try Task.checkCancellation()
                return try await sync.fetchUnlessGone(info, uidValidity: uidValidity)
            }
            prefetches.append((info, task))
        }
    }

    /// Cancels the fetches ahead and waits for them: none outlives the batch (one already on the
    /// connection ends, the others never start).
    private mutating func stopFetching() async {
        toFetch = []
        for prefetch in prefetches { prefetch.task.cancel() }
        for prefetch in prefetches { _ = await prefetch.task.result }
        prefetches = []
    }

    /// Fetches ahead out of step with the batch: a bug, but skipping a message would lose it for
    /// good once a later one is stored, so the pass fails instead.
    struct FetchOutOfStep: Error {}

    /// The message fetched for `info` (nil if it vanished meanwhile), the fetches ahead topped up.
    private mutating func take(_ info: IMAPMessageInfo) async throws -> FetchedMessage? {
        guard let pending = prefetches.first, pending.info.uid == info.uid else { throw FetchOutOfStep() }
        let message: IMAPMessage?
        do {
            message = try await pending.task.value
        } catch {
            // The server failed: the stores queued still commit, and are flagged next pass; the
            // messages in analysis are let go (run's catch) and fetched again next pass.
            for store in stores { _ = try? await store.task.value }
            throw error
        }
        prefetches.removeFirst()
        fetchAhead()
        guard let message else {
            sync.logger.notice("message vanished before it could be fetched", metadata: ["ob.imap.uid": "\(info.uid)"])
            return nil
        }
        result.fetched += 1
        return FetchedMessage(mailboxKey: sync.mailbox.key, uidValidity: Int64(uidValidity), uid: Int64(info.uid),
                              internalDate: Int64(info.internalDate.date.timeIntervalSince1970.rounded(.down)), raw: message.bytes)
    }

    /// Starts the message's analysis once there is room for it (it is journaled as in hand when its
    /// analysis begins); a message that was in hand at too many deaths is quarantined instead.
    private mutating func hand(_ fetched: FetchedMessage, uid: UInt32, now: @escaping @Sendable () -> Int64) async throws {
        let key = InFlightJournal.Key(mailboxKey: fetched.mailboxKey, uidValidity: fetched.uidValidity, uid: fetched.uid)
        let deaths = try sync.database.deaths(key)
        if deaths >= MailboxSync.deathsBeforeQuarantine {
            // Stores stay in order: everything before it first.
            while !preparing.isEmpty { try await storeOldest(now: now) }
            try await finishStores()
            try sync.inFlight.begin(key)
            // It was in hand at every one of these deaths: set it aside, go on with the next.
            let reason = "the daemon died \(deaths) times while this message was in hand: quarantined for a person"
            sync.logger.error("message quarantined", metadata: ["ob.imap.uid": "\(uid)", "ob.deaths": "\(deaths)"])
            MailboxSync.heldBytes.add(fetched.raw.count)
            stores.append(Storing(uid: uid, held: fetched.raw.count, suspect: false,
                                  task: sync.startQuarantine(fetched, reason: reason, key: key, at: now())))
            return
        }
        let suspect = deaths > 0
        // Room for it: nothing beside a suspect, at most `window`, and two only within the bytes held.
        while !preparing.isEmpty,
              suspect || preparing.contains(where: \.suspect) || preparing.count >= Self.window
                || MailboxSync.heldBytes.value + fetched.raw.count > Self.sharedBytes {
            try await storeOldest(now: now)
        }
        // A suspect's analysis runs beside no store of its mailbox, and the next waits for its store.
        if suspect || stores.contains(where: \.suspect) { try await finishStores() }
        MailboxSync.heldBytes.add(fetched.raw.count)
        let task = Task { [sync] in try await sync.prepareOffThePool(fetched, key: key, suspect: suspect) }
        preparing.append(Preparing(uid: uid, key: key, bytes: fetched.raw.count, suspect: suspect, task: task))
    }

    /// Waits for the oldest message in analysis and queues its store after the ones before it, then
    /// waits for the oldest store while more than ``storesQueued`` are queued.
    private mutating func storeOldest(now: @Sendable () -> Int64) async throws {
        let oldest = preparing.removeFirst()
        let prepared: PreparedMessage, held: Int
        do {
            (prepared, held) = try await oldest.task.value
        } catch {
            // Never journaled, never analysed: only its raw bytes were held.
            MailboxSync.heldBytes.remove(oldest.bytes)
            throw error
        }
        let previous = stores.last?.task
        let time = now()
        let task = Task { [sync, key = oldest.key] () throws -> IngestOutcome in
            if let previous {
                do {
                    _ = try await previous.value
                } catch {
                    // Not stored: out of hand, read again next pass.
                    try? sync.inFlight.end(key)
                    throw EarlierStoreFailed()
                }
            }
            return try await sync.startStoring(prepared, key: key, at: time).value
        }
        stores.append(Storing(uid: oldest.uid, held: held, suspect: oldest.suspect, task: task))
        while stores.count > Self.storesQueued || (stores.count > 1 && MailboxSync.heldBytes.value > Self.sharedBytes) {
            try await finishOldestStore()
        }
    }

    /// The pass failed: the messages still in analysis are let go (their analysis finished, so no
    /// work outlives the batch) and are no longer in hand; the next pass takes them again.
    private mutating func abandonPreparing() async {
        for entry in preparing {
            switch await entry.task.result {
            case .success((_, let held)):
                try? sync.inFlight.end(entry.key)
                MailboxSync.heldBytes.remove(held)
            case .failure:
                MailboxSync.heldBytes.remove(entry.bytes)
            }
        }
        preparing = []
    }

    /// Waits for every store queued, booking each outcome.
    private mutating func finishStores() async throws {
        while !stores.isEmpty { try await finishOldestStore() }
    }

    /// Waits for the oldest store queued and books its outcome.
    private mutating func finishOldestStore() async throws {
        guard !stores.isEmpty else { return }
        let oldest = stores.removeFirst()
        let outcome: IngestOutcome
        defer { MailboxSync.heldBytes.remove(oldest.held) }
        do {
            outcome = try await oldest.task.value
        } catch {
            // The store refused (disk full, database locked too long): nothing was committed; retry next pass.
            sync.logger.error("could not store a message; it stays unflagged and is retried", metadata: [
                "ob.imap.uid": "\(oldest.uid)", "ob.error": "\(error)"])
            throw StoreFailure(underlying: "\(error)")
        }
        switch outcome.action {
        case .stored: result.stored += 1
        case .duplicateCopy: result.duplicates += 1
        case .alreadyStored: break
        }
        sync.logger.info("message ingested", metadata: [
            "ob.imap.uid": "\(oldest.uid)", "ob.action": "\(outcome.action.rawValue)", "ob.category": "\(outcome.category?.rawValue ?? "-")",
            "ob.offer.id": "\(outcome.offerID ?? "-")", "ob.reply": "\(outcome.replyKind?.rawValue ?? "none")",
        ])
        if !outcome.flagged { toFlag.append((oldest.uid, outcome.locationID)) }
        lastUID = max(lastUID, oldest.uid)
        sync.onStored()
        if toFlag.count >= 100 {
            result.flagged += try await sync.flag(toFlag, uidValidity: uidValidity)
            toFlag = []
        }
    }
}
