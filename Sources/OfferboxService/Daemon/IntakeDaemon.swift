import Foundation
public import Logging
import MailTransport
import OfferDocuments
public import OfferStore
public import ServiceLifecycle
import UnixSignals

/// `offerbox run`: every mailbox watched (IDLE, else polling), every new message ingested, the
/// outbox flushed after each commit; or, with `--once`, one full cycle and exit.
public final class IntakeDaemon: Sendable {
    let configuration: Configuration
    let database: OfferDatabase
    let composer: ReplyComposer
    let logger: Logger
    let notifier = SystemdNotifier()
    /// The messages in hand; read once at start for those a death interrupted.
    let inFlight: InFlightJournal
    /// Rung when a reply is queued (a message stored, a correction made on the page).
    let outboxBell = WakeSignal()
    /// One for the process: its text cache and PDF workers serve every pass of every mailbox.
    let analyzer: DocumentAnalyzer
    /// Where intake's time goes, summed since the start (`run --once` logs it).
    public let stages = IntakeStages()
    /// Files whose text came from the cache (same content seen before) and files read, since the start.
    public var textReadings: (cached: Int, read: Int) {
        let counts = analyzer.textCache?.counts ?? (hits: 0, misses: 0)
        return (counts.hits, counts.misses)
    }

    public init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.composer = try ReplyComposer(overrides: configuration.replies.templates)
        self.analyzer = IntakePipeline.analyzer(for: configuration)
        switch PDFWorkerPool.installation {
        case .ready(let program):
            logger.info("PDFs are read by offerbox-pdf-worker", metadata: ["ob.pdf.worker": "\(program)"])
        case .absent:
            logger.notice("no offerbox-pdf-worker beside offerbox: PDFs are read by one pdftotext process each")
        case .failedSelfTest(let program, let reason):
            logger.warning("offerbox-pdf-worker failed its self-test: PDFs are read by one pdftotext process each",
                           metadata: ["ob.pdf.worker": "\(program)", "ob.reason": "\(reason)"])
        }
        self.database = try OfferDatabase.open(path: configuration.store.database, filesDirectory: configuration.store.filesDirectory)
        self.inFlight = try InFlightJournal(path: InFlightJournal.path(database: configuration.store.database))
        // Messages begun and never finished: this process's predecessor died with them in hand.
        // Recorded first, then cleared: a failure between the two counts a death again, never loses one.
        let interrupted = try inFlight.unfinished()
        let deaths = try database.recordDeaths(interrupted, at: Self.now())
        try inFlight.clear()
        for (key, deaths) in deaths {
            logger.warning("the previous run died while a message was in hand", metadata: [
                "ob.mailbox": "\(key.mailboxKey)", "ob.imap.uid": "\(key.uid)", "ob.deaths": "\(deaths)",
                "ob.quarantine.at": "\(MailboxSync.deathsBeforeQuarantine)"])
        }
        // Before any mail: a later deadline extends the call (the register evaluated again), an
        // earlier one stops the daemon here with its reason.
        let notice: DeadlineNotice
        do {
            notice = try makePipeline().noticeDeadline(by: "configuration", now: Self.now())
        } catch let error as EarlierDeadline {
            throw error
        } catch {
            // The store, not the configuration (busy, disk): the service manager may try again.
            throw StoreFailure(underlying: "\(error)")
        }
        switch notice {
        case .recorded, .unchanged: break
        case .extended(let from, let to, let changed, let told):
            logger.notice("the call's deadline was extended: every offer evaluated again", metadata: [
                "ob.deadline.old": "\(TimeText.rfc3339(from))", "ob.deadline.new": "\(TimeText.rfc3339(to))",
                "ob.offers.changed": "\(changed.count)", "ob.applicants.told": "\(told.count)"])
        }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    public struct CycleSummary: Sendable {
        public var fetched = 0, stored = 0, duplicates = 0, repliesSent = 0, repliesDeferred = 0, repliesFailed = 0
    }

    /// One full cycle: fetch everything new in every mailbox, process it, flush the outbox.
    ///
    /// Throws the first error: a configuration or authentication error, or a server that stayed down
    /// through the retries, so the caller exits non-zero with its reason.
    /// One pass over every mailbox, each retried with backoff.
    private func passAllMailboxes(into summary: inout CycleSummary, onStored: @escaping @Sendable () -> Void) async throws {
        for mailbox in configuration.mailboxes {
            var mailboxLogger = logger
            mailboxLogger[metadataKey: "ob.mailbox"] = "\(mailbox.username)"
            let sync = try MailboxSync(mailbox: mailbox, pipeline: makePipeline(), database: database, inFlight: inFlight, logger: mailboxLogger,
                                       onStored: onStored)
            let result = try await Self.retrying(logger: mailboxLogger) {
                try await sync.pass(now: Self.now, shouldStop: { false })
            }
            await sync.disconnect()
            summary.fetched += result.fetched
            summary.stored += result.stored
            summary.duplicates += result.duplicates
        }
    }

    public func runOnce() async throws -> CycleSummary {
        var summary = CycleSummary()
        let outbox = try OutboxSender(configuration: configuration, database: database, logger: logger, stages: stages)
        // Replies go out while the mailboxes are still being read, as in the daemon; a flush that
        // fails here is simply retried by the final one.
        let bell = WakeSignal()
        let sending = Task { () -> OutboxSender.FlushResult in
            var total = OutboxSender.FlushResult()
            while !Task.isCancelled {
                await bell.wait(upTo: .seconds(5))
                if let flushed = try? await outbox.flush(now: Self.now) { total.add(flushed) }
            }
            return total
        }
        do {
            try await passAllMailboxes(into: &summary, onStored: { bell.ring() })
        } catch {
            sending.cancel()
            _ = await sending.value
            throw error
        }
        sending.cancel()
        var flushed = await sending.value
        flushed.add(try await Self.retrying(logger: logger) { try await outbox.flush(now: Self.now) })
        // Replies a crash cut between their final "." and the server's answer wait for their copy
        // (`copy_to`): read the mailboxes again until each is confirmed or its wait is over, then
        // flush once more, which sends those still waiting.
        if configuration.replies.copyTo != nil, try database.unconfirmedReplyCount() > 0 {
            let until = Self.now() + Int64(configuration.replies.confirmWaitSeconds)
            repeat {
                try await Task.sleep(for: .seconds(2))
                try await passAllMailboxes(into: &summary, onStored: {})
            } while try database.unconfirmedReplyCount() > 0 && Self.now() <= until
            flushed.add(try await Self.retrying(logger: logger) { try await outbox.flush(now: Self.now) })
        }
        try openRegisterIfDue()
        try purgeIfDue()
        summary.repliesSent = flushed.sent
        summary.repliesDeferred = flushed.retryLater
        summary.repliesFailed = flushed.failed
        return summary
    }

    /// Writes the opening record once the deadline has passed and every mailbox was read through
    /// from then on; its SHA-256 goes to the log (and, by the store, to every offer's history).
    func openRegisterIfDue() throws {
        let register = Register(database: database, configuration: configuration)
        let readThrough = try configuration.mailboxes.map { try database.mailbox(key: $0.key)?.lastFetchAt }
        guard let opening = try register.openIfDue(now: Self.now(), readThrough: readThrough) else { return }
        logger.notice("the register is opened: the opening record is written", metadata: [
            "ob.opening.sha256": "\(opening.sha256)", "ob.opening.offers": "\(opening.offers)",
            "ob.opening.documents": "\(opening.documents)", "ob.deadline": "\(TimeText.rfc3339(opening.deadline))"])
    }

    /// Removes what `[retention]` no longer allows to keep (nothing without `[retention]`).
    func purgeIfDue() throws {
        guard let policy = configuration.retention else { return }
        let report = try RetentionPurge(database: database, policy: policy).run(now: Self.now())
        if report.identities + report.documents + report.rawMessages > 0 {
            logger.notice("retention: personal data removed, the proofs kept", metadata: [
                "ob.purge.identities": "\(report.identities)", "ob.purge.documents": "\(report.documents)",
                "ob.purge.raw_messages": "\(report.rawMessages)", "ob.purge.files": "\(report.files)"])
        }
        if report.keptBack > 0 {
            logger.error("retention: raw messages kept, a document decoded from them could not be stored apart (offerbox verify)",
                         metadata: ["ob.purge.kept_back": "\(report.keptBack)"])
        }
    }

    /// Runs until SIGTERM or SIGINT; the message being processed is finished first. `alongside`:
    /// services that run with the daemon (the web page), stopped first.
    public func run(alongside: [any Service] = []) async throws {
        // ServiceGroup stops services in the reverse order of this list, each after the one before
        // has finished: the mailboxes first (each finishes the message in hand), then the outbox
        // (whose last flush sends those messages' replies), then the watchdog, which pings until then.
        var services: [any Service] = [
            WatchdogService(notifier: notifier),
            OutboxService(sender: try OutboxSender(configuration: configuration, database: database, logger: logger, stages: stages),
                          bell: outboxBell, logger: logger),
        ]
        for mailbox in configuration.mailboxes {
            var mailboxLogger = logger
            mailboxLogger[metadataKey: "ob.mailbox"] = "\(mailbox.username)"
            let sync = try MailboxSync(mailbox: mailbox, pipeline: makePipeline(), database: database, inFlight: inFlight, logger: mailboxLogger,
                                       onStored: { [outboxBell] in outboxBell.ring() })
            services.append(MailboxService(mailbox: mailbox, sync: sync, logger: mailboxLogger))
        }
        services.append(OpeningService(daemon: self))
        if configuration.retention != nil { services.append(PurgeService(daemon: self)) }
        // A page that cannot serve (its port taken, its certificate unreadable) is logged and left
        // stopped: mail intake and replies go on without it.
        let alongsideConfigurations = alongside.map {
            ServiceGroupConfiguration.ServiceConfiguration(service: AlongsideService(service: $0, logger: logger),
                                                           successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) } + alongsideConfigurations, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Within the unit's TimeoutStopSec=90s: 60 s to finish in order, then 20 s for cancellation.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(60)
        groupConfiguration.maximumCancellationDuration = .seconds(20)
        let group = ServiceGroup(configuration: groupConfiguration)
        _ = notifier.notify(.ready, .status("watching \(configuration.mailboxes.count) mailbox(es)"))
        logger.info("offerbox started", metadata: ["ob.mailboxes": "\(configuration.mailboxes.count)"])
        defer { _ = notifier.notify(.stopping) }
        try await group.run()
    }

    private func makePipeline() -> IntakePipeline {
        IntakePipeline(configuration: configuration, database: database, composer: composer, analyzer: analyzer, stages: stages)
    }

    /// What the web page makes corrections through (the daemon's store and templates).
    public func correctionDesk() -> IntakePipeline { makePipeline() }

    /// The register's store, for the web page served beside the daemon.
    public var register: OfferDatabase { database }

    /// Sends queued replies now (a correction made on the page queued a corrected receipt).
    public func ringOutbox() { outboxBell.ring() }

    /// Retries transient failures (server down, connection reset, store busy) a few times with backoff.
    static func retrying<T>(logger: Logger, attempts: Int = 4, _ body: () async throws -> T) async throws -> T {
        var backoff = Backoff(initial: .seconds(1), maximum: .seconds(8))
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as MailTransportError where error.kind == .transient && attempt + 1 < attempts {
                attempt += 1
                let delay = backoff.failed()
                logger.warning("server failure, retrying", metadata: ["ob.error": "\(error.code)", "ob.retry.in": "\(delay)"])
                try await Task.sleep(for: delay)
            }
        }
    }
}

/// One mailbox, watched for as long as the daemon runs.
struct MailboxService: Service, CustomStringConvertible {
    let mailbox: Configuration.Mailbox
    let sync: MailboxSync
    let logger: Logger
    var description: String { "MailboxService(\(mailbox.username))" }

    func run() async throws {
        var backoff = Backoff(initial: .seconds(1), maximum: .seconds(300))
        let poll = Duration.seconds(mailbox.pollIntervalSeconds)
        let bell = WakeSignal()
        var watcher: IMAPIdleWatcher?
        if mailbox.idle {
            do {
                watcher = try IMAPIdleWatcher(configuration: mailbox.transport, logger: logger, pollInterval: poll)
            } catch {
                // Intake goes on by polling; the operator must hear why mail now waits up to a poll interval.
                logger.error("IDLE cannot start; polling only", metadata: ["ob.error": "\(error)", "ob.poll.seconds": "\(mailbox.pollIntervalSeconds)"])
            }
        }
        let idleTask = Task {
            guard let watcher else { return }
            for await event in watcher.events() {
                if case .connectionLost(let error) = event {
                    logger.notice("IDLE connection lost; polling meanwhile", metadata: ["ob.error": "\(error.code)"])
                }
                bell.ring()
            }
        }
        defer { idleTask.cancel() }
        var firstPass = true
        while !Task.isShuttingDownGracefully {
            do {
                let result = try await sync.pass(now: IntakeDaemon.now, shouldStop: { Task.isShuttingDownGracefully })
                if result.fetched > 0 { logger.info("pass done", metadata: ["ob.fetched": "\(result.fetched)", "ob.stored": "\(result.stored)"]) }
                backoff.succeeded()
                firstPass = false
                await cancelWhenGracefulShutdown { await bell.wait(upTo: poll) }
            } catch let error as MailTransportError where error.kind == .configuration && firstPass {
                // A wrong password or mailbox at start-up is the operator's to fix: stop with the reason.
                logger.critical("configuration error", metadata: ["ob.error": "\(error)"])
                throw error
            } catch {
                let delay = backoff.failed()
                logger.error("pass failed; retrying", metadata: ["ob.error": "\(error)", "ob.retry.in": "\(delay)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
        await sync.disconnect()
    }
}

/// Sends replies whenever a message is stored, and retries deferred ones.
struct OutboxService: Service, CustomStringConvertible {
    let sender: OutboxSender
    let bell: WakeSignal
    let logger: Logger
    var description: String { "OutboxService" }

    func run() async throws {
        var backoff = Backoff(initial: .seconds(2), maximum: .seconds(600))
        while !Task.isShuttingDownGracefully {
            var wait = Duration.seconds(30)
            do {
                _ = try await sender.flush(now: IntakeDaemon.now)
                backoff.succeeded()
            } catch {
                wait = backoff.failed()
                logger.error("outbox flush failed; retrying", metadata: ["ob.error": "\(error)", "ob.retry.in": "\(wait)"])
            }
            let pause = wait
            await cancelWhenGracefulShutdown { await bell.wait(upTo: pause) }
        }
        // Replies queued by the last messages still go out before the process ends.
        _ = try? await sender.flush(now: IntakeDaemon.now)
    }
}

/// Pings systemd's watchdog while the process is alive (no-op outside systemd).
struct WatchdogService: Service, CustomStringConvertible {
    let notifier: SystemdNotifier
    var description: String { "WatchdogService" }

    func run() async throws {
        guard let watchdog = SystemdWatchdog() else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown { await watchdog.keepAlive(notifier) }
    }
}

/// Writes the opening record when it falls due (`IntakeDaemon.openRegisterIfDue`), checking every 30 seconds.
struct OpeningService: Service, CustomStringConvertible {
    let daemon: IntakeDaemon
    var description: String { "OpeningService" }

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                try daemon.openRegisterIfDue()
            } catch {
                daemon.logger.error("the opening record could not be written; retrying", metadata: ["ob.error": "\(error)"])
            }
            await cancelWhenGracefulShutdown { try? await Task.sleep(for: .seconds(30)) }
        }
    }
}

/// A service that runs beside the daemon (the web page): its failure is logged, never the daemon's end.
struct AlongsideService: Service, CustomStringConvertible {
    let service: any Service
    let logger: Logger
    var description: String { "\(service)" }

    func run() async throws {
        do {
            try await service.run()
        } catch {
            logger.critical("a service beside the daemon stopped; mail intake and replies go on", metadata: [
                "ob.service": "\(service)", "ob.error": "\(error)"])
        }
    }
}

/// Purges what retention no longer allows to keep: at start, then once a day.
struct PurgeService: Service, CustomStringConvertible {
    let daemon: IntakeDaemon
    var description: String { "PurgeService" }

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                // Hours of parsing, hashing and fsync for a large register: on a thread of its own,
                // never one of Swift's few shared threads, which the watchdog's pings need.
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    DispatchQueue(label: "offerbox.purge").async {
                        continuation.resume(with: Result { try daemon.purgeIfDue() })
                    }
                }
            } catch {
                daemon.logger.error("the purge failed; it is tried again in an hour", metadata: ["ob.error": "\(error)"])
                await cancelWhenGracefulShutdown { try? await Task.sleep(for: .seconds(3600)) }
                continue
            }
            await cancelWhenGracefulShutdown { try? await Task.sleep(for: .seconds(86_400)) }
        }
    }
}
