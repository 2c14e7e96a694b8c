import Foundation
import Logging
import MailTransport
import OfferCore
import OfferStore

/// One batch of new messages of a mailbox, moved through three stages at once: the next is
/// fetched while up to two are parsed and analysed (both cores: a message's PDFs wait on the
/// workers while the other's text is recognised), while the one before is stored (files, fsync,
/// transaction). Stores stay one at a time and in UID order.
///
/// Memory: a second message is analysed beside the first only while the messages in hand (being
/// analysed or stored) hold at most ``sharedBytes`` of raw mail between them; a larger one is
/// analysed alone. A message that was in hand when the daemon died is analysed alone too, so a
/// message that kills the daemon takes no other's count of deaths toward quarantine with it.
struct IntakeBatch {
    let sync: MailboxSync
    let uidValidity: UInt32
    var lastUID: UInt32
    var result = MailboxSync.PassResult()
    private var prefetch: Task<IMAPMessage?, any Error>?
    private var storing: Task<IngestOutcome, any Error>?
    private var storingUID: UInt32 = 0
    private var storingBytes = 0
    /// Messages being parsed and analysed, in UID order.
    private var preparing: [Preparing] = []
    /// Stored copies to flag on the server, flagged by hundreds.
    private var toFlag: [(uid: UInt32, location: Int64)] = []

    /// Messages analysed at once in one mailbox.
    static let window = 2
    /// Raw bytes the messages in hand may hold together for two of them to be analysed at once.
    static let sharedBytes = 16 << 20

    private struct Preparing {
        var uid: UInt32
        var key: InFlightJournal.Key
        var bytes: Int
        /// Handled alone: it was in hand at an earlier death.
        var suspect: Bool
        var task: Task<PreparedMessage, Never>
    }

    init(sync: MailboxSync, uidValidity: UInt32, lastUID: UInt32) {
        self.sync = sync
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }

    mutating func run(_ infos: [IMAPMessageInfo], now: @escaping @Sendable () -> Int64, shouldStop: @Sendable () -> Bool) async throws {
        prefetch = infos.first.map(startFetching)
        defer { prefetch?.cancel() }
        do {
            for (index, info) in infos.enumerated() {
                if shouldStop() { break }
                guard let fetched = try await take(info, next: index + 1 < infos.count ? infos[index + 1] : nil) else { continue }
                try await hand(fetched, uid: info.uid, now: now)
            }
            // Graceful shutdown also lands here: the messages in hand are finished, never dropped.
            while !preparing.isEmpty { try await storeOldest(now: now) }
            try await finishStoring()
        } catch {
            await abandonPreparing()
            throw error
        }
        result.flagged += try await sync.flag(toFlag, uidValidity: uidValidity)
        toFlag = []
    }

    private func startFetching(_ info: IMAPMessageInfo) -> Task<IMAPMessage?, any Error> {
        Task { [sync, uidValidity] in try await sync.fetchUnlessGone(info, uidValidity: uidValidity) }
    }

    /// The message fetched for `info` (nil if it vanished meanwhile), the fetch of `next` started.
    private mutating func take(_ info: IMAPMessageInfo, next: IMAPMessageInfo?) async throws -> FetchedMessage? {
        guard let pending = prefetch else { return nil }
        let message: IMAPMessage?
        do {
            message = try await pending.value
        } catch {
            // The server failed: the store in flight still commits, and is flagged next pass; the
            // messages in analysis are let go (run's catch) and fetched again next pass.
            _ = try? await storing?.value
            throw error
        }
        prefetch = next.map(startFetching)
        guard let message else {
            sync.logger.notice("message vanished before it could be fetched", metadata: ["ob.imap.uid": "\(info.uid)"])
            return nil
        }
        result.fetched += 1
        return FetchedMessage(mailboxKey: sync.mailbox.key, uidValidity: Int64(uidValidity), uid: Int64(info.uid),
                              internalDate: Int64(info.internalDate.date.timeIntervalSince1970.rounded(.down)), raw: message.bytes)
    }

    /// Takes the message in hand (journaled) and starts its analysis once there is room for it;
    /// a message that was in hand at too many deaths is quarantined instead.
    private mutating func hand(_ fetched: FetchedMessage, uid: UInt32, now: @escaping @Sendable () -> Int64) async throws {
        let key = InFlightJournal.Key(mailboxKey: fetched.mailboxKey, uidValidity: fetched.uidValidity, uid: fetched.uid)
        let deaths = try sync.database.deaths(key)
        if deaths >= MailboxSync.deathsBeforeQuarantine {
            // Stores stay in order: everything before it first.
            while !preparing.isEmpty { try await storeOldest(now: now) }
            try sync.inFlight.begin(key)
            // It was in hand at every one of these deaths: set it aside, go on with the next.
            let reason = "the daemon died \(deaths) times while this message was in hand: quarantined for a person"
            sync.logger.error("message quarantined", metadata: ["ob.imap.uid": "\(uid)", "ob.deaths": "\(deaths)"])
            try await finishStoring(thenEnding: key)
            (storingUID, storingBytes, storing) = (uid, fetched.raw.count, sync.startQuarantine(fetched, reason: reason, key: key, at: now()))
            return
        }
        let suspect = deaths > 0
        // Room for it: nothing else is analysed beside a suspect, and two only within the bytes.
        while !preparing.isEmpty,
              suspect || preparing.contains(where: \.suspect) || preparing.count >= Self.window
                || bytesInHand + fetched.raw.count > Self.sharedBytes {
            try await storeOldest(now: now)
        }
        try sync.inFlight.begin(key)
        let task = Task { [sync] in await sync.prepareOffThePool(fetched) }
        preparing.append(Preparing(uid: uid, key: key, bytes: fetched.raw.count, suspect: suspect, task: task))
    }

    /// Raw bytes of the messages being analysed and the one being stored.
    private var bytesInHand: Int { preparing.reduce(storing == nil ? 0 : storingBytes) { $0 + $1.bytes } }

    /// Waits for the oldest message in analysis, then starts its store once the one before is stored.
    private mutating func storeOldest(now: @Sendable () -> Int64) async throws {
        let oldest = preparing.removeFirst()
        let prepared = await oldest.task.value
        do {
            try await finishStoring()
        } catch {
            try? sync.inFlight.end(oldest.key)
            throw error
        }
        (storingUID, storingBytes, storing) = (oldest.uid, oldest.bytes, sync.startStoring(prepared, key: oldest.key, at: now()))
    }

    /// The pass failed: the messages still in analysis are let go (their analysis finished, so no
    /// work outlives the batch) and are no longer in hand; the next pass takes them again.
    private mutating func abandonPreparing() async {
        for entry in preparing {
            _ = await entry.task.value
            try? sync.inFlight.end(entry.key)
        }
        preparing = []
    }

    /// ``finishStoring()`` for the message before `key`'s; if it fails, `key`'s message is no
    /// longer in hand either (this pass ends, the process lives on).
    private mutating func finishStoring(thenEnding key: InFlightJournal.Key) async throws {
        do {
            try await finishStoring()
        } catch {
            try? sync.inFlight.end(key)
            throw error
        }
    }

    /// Waits for the store in flight and books its outcome.
    private mutating func finishStoring() async throws {
        guard let task = storing else { return }
        storing = nil
        let outcome: IngestOutcome
        do {
            outcome = try await task.value
        } catch {
            // The store refused (disk full, database locked too long): nothing was committed; retry next pass.
            sync.logger.error("could not store a message; it stays unflagged and is retried", metadata: [
                "ob.imap.uid": "\(storingUID)", "ob.error": "\(error)"])
            throw StoreFailure(underlying: "\(error)")
        }
        switch outcome.action {
        case .stored: result.stored += 1
        case .duplicateCopy: result.duplicates += 1
        case .alreadyStored: break
        }
        sync.logger.info("message ingested", metadata: [
            "ob.imap.uid": "\(storingUID)", "ob.action": "\(outcome.action.rawValue)", "ob.category": "\(outcome.category?.rawValue ?? "-")",
            "ob.offer.id": "\(outcome.offerID ?? "-")", "ob.reply": "\(outcome.replyKind?.rawValue ?? "none")",
        ])
        if !outcome.flagged { toFlag.append((storingUID, outcome.locationID)) }
        lastUID = max(lastUID, storingUID)
        sync.onStored()
        if toFlag.count >= 100 {
            result.flagged += try await sync.flag(toFlag, uidValidity: uidValidity)
            toFlag = []
        }
    }
}
