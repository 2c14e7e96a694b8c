import Foundation
public import Logging
import MailTransport
import OfferCore
public import OfferStore

/// Sends the replies the pipeline queued, after their transaction committed, and marks each sent.
///
/// A 4xx answer is retried with growing delays (``ReplyRetry``); a 5xx is final. The moment the
/// server takes a reply, its id goes to the ``SentReplyJournal`` on the SMTP thread, then the
/// database marks it sent; a crash between the two is repaired from the journal at the next flush.
/// What no journal can tell is whether a server that got the final "." kept the reply when the
/// answer never came back (RFC 1047): such a reply is in doubt. With `replies.copy_to` its copy,
/// read back from the Secretariat's mailbox, settles it (``IngestTransaction/confirmReplyCopy(messageID:at:)``);
/// it is sent again only when no copy came within `confirm_wait_seconds`.
///
/// One sender per database: flushes are sequential, which is what lets each flush start the
/// journal over.
public final class OutboxSender: Sendable {
    let database: OfferDatabase
    let journal: SentReplyJournal
    let sender: SMTPSender
    let envelopeSender: String
    /// The Secretariat's copy of every reply (an envelope recipient only), if configured.
    let copyTo: String?
    let confirmWait: Int64
    let logger: Logger
    let stages: IntakeStages

    public init(configuration: Configuration, database: OfferDatabase, logger: Logger, stages: IntakeStages = IntakeStages()) throws {
        self.stages = stages
        self.database = database
        self.journal = try SentReplyJournal(path: configuration.store.database + ".sent-replies")
        self.sender = try SMTPSender(configuration: configuration.smtp.transport, logger: logger)
        self.envelopeSender = configuration.smtp.envelopeSender
        self.copyTo = configuration.replies.copyTo
        self.confirmWait = Int64(configuration.replies.confirmWaitSeconds)
        self.logger = logger
    }

    public struct FlushResult: Sendable, Equatable {
        public var sent = 0
        public var retryLater = 0
        public var failed = 0

        mutating func add(_ other: FlushResult) {
            sent += other.sent
            retryLater += other.retryLater
            failed += other.failed
        }
    }

    /// Sends every reply due at `now()`. A transport failure (server down) stops the flush and is thrown.
    public func flush(now: @Sendable () -> Int64) async throws -> FlushResult {
        try repairFromJournal(now: now())
        var result = FlushResult()
        while true {
            let due = try database.dueReplies(now: now(), confirmationWait: confirmWait, limit: 50)
            if due.isEmpty { return result }
            for reply in due {
                guard let id = reply.id else { continue }
                let outcome: SMTPSendResult
                do {
                    outcome = try await send(reply, id: id)
                } catch {
                    // The server, not the reply, is at fault: keep it queued as it is and stop for now.
                    if error.kind == .transient { throw error }
                    try database.markReplyAttemptFailed(id, error: error.description, nextAttemptAt: nil)
                    result.failed += 1
                    logger.error("reply refused for good", metadata: ["ob.reply.id": "\(id)", "ob.error": "\(error.code)"])
                    continue
                }
                // Every answer was read: the journal's "in flight" line is settled, whatever they said.
                try? journal.recordAnswered(id)
                result.add(try record(ReplyDelivery(outcome, recipient: reply.recipient, attempts: reply.attempts, now: now()), of: reply, id: id))
            }
        }
    }

    /// The journal holds every reply accepted since the last flush; those a crash kept the database
    /// from marking are marked now, and the journal starts over. Replies cut between their final
    /// "." and the answer wait for their copy, when there is one to wait for.
    private func repairFromJournal(now: Int64) throws {
        let entries = try journal.entries()
        guard !entries.accepted.isEmpty || !entries.unanswered.isEmpty else { return }
        let repaired = try database.markRepliesSent(entries.accepted, at: now)
        let (confirmed, waiting) = copyTo == nil ? (0, 0) : try database.markRepliesUnconfirmed(entries.unanswered, at: now)
        try journal.clear()
        if repaired + confirmed > 0 {
            logger.notice("replies the server took before a restart marked sent", metadata: ["ob.replies": "\(repaired + confirmed)"])
        }
        if waiting > 0 {
            logger.warning("replies whose answer was never read wait for their copy before being sent again", metadata: [
                "ob.replies": "\(waiting)", "ob.wait.seconds": "\(confirmWait)"])
        } else if copyTo == nil, !entries.unanswered.isEmpty {
            logger.warning("replies whose answer was never read will be sent again (no copy_to to confirm them)", metadata: [
                "ob.replies": "\(entries.unanswered.count)"])
        }
    }

    /// One SMTP transaction, journaling the moment the data went and the moment the applicant's copy was taken.
    private func send(_ reply: ReplyRecord, id: Int64) async throws(MailTransportError) -> SMTPSendResult {
        let start = ContinuousClock.now
        defer { stages.add(start.duration(to: .now), to: .reply) }
        let journal = journal, logger = logger, recipient = reply.recipient
        return try await sender.send(
            Array(reply.bytes), from: envelopeSender, to: [reply.recipient] + (copyTo.map { [$0] } ?? []),
            onDataSent: {
                do { try journal.recordDataSent(id) } catch {
                    logger.error("cannot journal a reply in flight", metadata: ["ob.reply.id": "\(id)", "ob.error": "\(error)"])
                }
            },
            onAccepted: { taken in
                // Taken for the copy alone (the applicant's RCPT refused) is not sent.
                guard taken.contains(where: { $0.caseInsensitiveCompare(recipient) == .orderedSame }) else { return }
                do { try journal.recordAccepted(id) } catch {
                    logger.error("cannot journal a sent reply", metadata: ["ob.reply.id": "\(id)", "ob.error": "\(error)"])
                }
            })
    }

    /// Records what the server's answer means for the reply.
    private func record(_ delivery: ReplyDelivery, of reply: ReplyRecord, id: Int64) throws -> FlushResult {
        var result = FlushResult()
        switch delivery {
        case .sent(let time):
            try database.markReplySent(id, at: time)
            result.sent += 1
            logger.info("reply sent", metadata: ["ob.reply.id": "\(id)", "ob.reply.kind": "\(reply.kind.rawValue)"])
        case .retry(let error, let next, let code):
            try database.markReplyAttemptFailed(id, error: error, nextAttemptAt: next)
            result.retryLater += 1
            if let code { logger.warning("reply deferred by the server", metadata: ["ob.reply.id": "\(id)", "ob.smtp.code": "\(code)"]) }
        case .failed(let error, let code):
            try database.markReplyAttemptFailed(id, error: error, nextAttemptAt: nil)
            result.failed += 1
            logger.error("reply rejected by the server", metadata: ["ob.reply.id": "\(id)", "ob.smtp.code": "\(code)"])
        }
        return result
    }
}

/// What the server's answer to one reply means: sent, retried later, or refused for good. Pure.
enum ReplyDelivery: Equatable {
    case sent(at: Int64)
    /// `code`: the server's 4xx, nil when it gave no verdict for the recipient.
    case retry(error: String, at: Int64, code: Int?)
    case failed(error: String, code: Int)

    init(_ outcome: SMTPSendResult, recipient: String, attempts: Int, now: Int64) {
        let next = now + ReplyRetry.delaySeconds(afterAttempts: attempts)
        guard let verdict = outcome.recipients.first(where: { $0.recipient.caseInsensitiveCompare(recipient) == .orderedSame })
            ?? outcome.recipients.first else {
            self = .retry(error: "no verdict from the server", at: next, code: nil)
            return
        }
        switch verdict.outcome {
        case .accepted: self = .sent(at: now)
        case .temporaryFailure: self = .retry(error: "\(verdict.replyCode) \(verdict.reply)", at: next, code: verdict.replyCode)
        case .permanentFailure: self = .failed(error: "\(verdict.replyCode) \(verdict.reply)", code: verdict.replyCode)
        }
    }
}
