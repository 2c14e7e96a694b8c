import Foundation
import Logging
import MailTransport
import OfferCore
import OfferStore

/// One batch of new messages of a mailbox, moved three at a time: the next is fetched while this
/// one is parsed and analysed, while the one before is stored (files, fsync, transaction). Stores
/// stay one at a time and in UID order, and at most three messages are in memory.
struct IntakeBatch {
    let sync: MailboxSync
    let uidValidity: UInt32
    var lastUID: UInt32
    var result = MailboxSync.PassResult()
    private var prefetch: Task<IMAPMessage?, any Error>?
    private var storing: Task<IngestOutcome, any Error>?
    private var storingUID: UInt32 = 0
    /// Stored copies to flag on the server, flagged by hundreds.
    private var toFlag: [(uid: UInt32, location: Int64)] = []

    init(sync: MailboxSync, uidValidity: UInt32, lastUID: UInt32) {
        self.sync = sync
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }

    mutating func run(_ infos: [IMAPMessageInfo], now: @Sendable () -> Int64, shouldStop: @Sendable () -> Bool) async throws {
        prefetch = infos.first.map(startFetching)
        defer { prefetch?.cancel() }
        for (index, info) in infos.enumerated() {
            if shouldStop() { break }
            guard let fetched = try await take(info, next: index + 1 < infos.count ? infos[index + 1] : nil) else { continue }
            try await hand(fetched, uid: info.uid, now: now)
        }
        // Graceful shutdown also lands here: the message being stored is finished, never dropped.
        try await finishStoring()
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
            // The server failed: the store in flight still commits, and is flagged next pass.
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

    /// Takes the message in hand (journaled), prepares it and starts its store once the one before
    /// is stored; a message that was in hand at too many deaths is quarantined instead.
    private mutating func hand(_ fetched: FetchedMessage, uid: UInt32, now: @Sendable () -> Int64) async throws {
        let key = InFlightJournal.Key(mailboxKey: fetched.mailboxKey, uidValidity: fetched.uidValidity, uid: fetched.uid)
        let deaths = try sync.database.deaths(key)
        try sync.inFlight.begin(key)
        if deaths >= MailboxSync.deathsBeforeQuarantine {
            // It was in hand at every one of these deaths: set it aside, go on with the next.
            let reason = "the daemon died \(deaths) times while this message was in hand: quarantined for a person"
            sync.logger.error("message quarantined", metadata: ["ob.imap.uid": "\(uid)", "ob.deaths": "\(deaths)"])
            try await finishStoring(thenEnding: key)
            (storingUID, storing) = (uid, sync.startQuarantine(fetched, reason: reason, key: key, at: now()))
            return
        }
        let prepared = await sync.prepareOffThePool(fetched)
        try await finishStoring(thenEnding: key)
        (storingUID, storing) = (uid, sync.startStoring(prepared, key: key, at: now()))
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
