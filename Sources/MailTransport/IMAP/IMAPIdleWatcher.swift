import Foundation
public import Logging
import Synchronization

/// Tells the fetcher when to look at the mailbox: IMAP IDLE (RFC 2177) on its own
/// connection, re-issued every `reissueInterval` (the RFC asks for less than 29 min),
/// with polling ticks instead when the server lacks IDLE or the connection is down.
///
/// The watcher runs on its own thread (blocking poll(2) on the socket), never on the
/// cooperative pool. It stops when the consumer stops iterating `events()`.
public final class IMAPIdleWatcher: Sendable {
    public enum Event: Sendable, Equatable {
        /// IDLE is established: from now on new mail is pushed.
        case idling
        /// `* N EXISTS`: the mailbox grew (or changed); fetch now.
        case newMail(exists: Int)
        /// No push available (no IDLE, or reconnecting): fetch now, as a poll.
        case poll
        /// The IDLE connection failed; the watcher reconnects by itself and sends `.poll`s meanwhile.
        case connectionLost(MailTransportError)
    }

    private let configuration: IMAPConfiguration
    private let endpoint: IMAPEndpoint
    private let logger: Logger
    private let reissueInterval: Duration
    private let pollInterval: Duration

    public init(
        configuration: IMAPConfiguration, logger: Logger,
        reissueInterval: Duration = .seconds(25 * 60), pollInterval: Duration = .seconds(60)
    ) throws(MailTransportError) {
        self.configuration = configuration
        self.endpoint = try IMAPEndpoint(url: configuration.url)
        self.logger = logger
        self.reissueInterval = reissueInterval
        self.pollInterval = pollInterval
    }

    private let running = Mutex<[StopFlag]>([])

    /// Starts watching; each call opens its own connection. The watch ends when the
    /// iterating task is cancelled or `stop()` is called (the event thread holds the
    /// stream, so merely dropping the iterator does not end it).
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
        let stop = StopFlag()
        running.withLock { $0.append(stop) }
        continuation.onTermination = { _ in stop.set() }
        let loop = IdleLoop(watcher: self, continuation: continuation, stop: stop)
        let thread = Thread { loop.run() }
        thread.name = "offerbox.imap.idle"
        thread.start()
        return stream
    }

    /// Ends every watch started by `events()`; their streams finish within ~200 ms.
    public func stop() {
        running.withLock { flags in
            for flag in flags { flag.set() }
            flags.removeAll()
        }
    }

    private final class StopFlag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    private struct IdleLoop: Sendable {
        let watcher: IMAPIdleWatcher
        let continuation: AsyncStream<Event>.Continuation
        let stop: StopFlag

        func run() {
            defer { continuation.finish() }
            var backoff = Duration.seconds(1)
            while !stop.isSet {
                do throws(MailTransportError) {
                    try session()
                    backoff = .seconds(1)
                } catch {
                    if stop.isSet { return }
                    watcher.logger.info("IDLE connection lost; polling until it is back", metadata: ["error": "\(error)"])
                    continuation.yield(.connectionLost(error))
                    if error.kind == .configuration { backoff = watcher.pollInterval }
                    sleep(backoff)
                    backoff = min(backoff * 2, watcher.pollInterval)
                    if !stop.isSet { continuation.yield(.poll) }
                }
            }
        }

        /// One connection's life: login, EXAMINE, one IDLE round until re-issue time, error or stop.
        private func session() throws(MailTransportError) {
            let connection = try IMAPIdleConnection(configuration: watcher.configuration, endpoint: watcher.endpoint, logger: watcher.logger)
            let capabilities = IMAPResponseParser.capabilities(try connection.command("CAPABILITY")) ?? []
            guard capabilities.contains("IDLE") else {
                watcher.logger.notice("server lacks IDLE; polling", metadata: ["interval": "\(watcher.pollInterval)"])
                while !stop.isSet {
                    sleep(watcher.pollInterval)
                    if !stop.isSet { continuation.yield(.poll) }
                }
                return
            }
            // EXAMINE: read-only, so this connection can never change a flag.
            do {
                _ = try connection.command("EXAMINE \(IMAPEndpoint.quoted(watcher.endpoint.mailbox))")
            } catch where error.code == .commandRejected {
                throw .configuration(.mailboxNotFound, error.detail)
            }
            // One IDLE round per connection: a fresh login every `reissueInterval` (~15 ms) is the
            // simplest way to start each round from a clean state. (Re-issuing on the same
            // connection was measured slow once, but with a test Exim that delayed the mail itself.)
            let tag = try connection.startIdle()
            continuation.yield(.idling)
            let reissueAt = ContinuousClock.now + watcher.reissueInterval
            while !stop.isSet && ContinuousClock.now < reissueAt {
                // Wake at least every 200 ms to notice `stop`.
                let wake = min(reissueAt, ContinuousClock.now + .milliseconds(200))
                while let line = try connection.readLine(until: wake) {
                    if let count = IMAPResponseParser.exists(line) { continuation.yield(.newMail(exists: count)) }
                }
            }
            for line in try connection.endIdle(tag: tag) {
                if let count = IMAPResponseParser.exists(line) { continuation.yield(.newMail(exists: count)) }
            }
        }

        /// Sleeps in short steps so that `stop` is honoured quickly.
        private func sleep(_ duration: Duration) {
            let end = ContinuousClock.now + duration
            while !stop.isSet && ContinuousClock.now < end {
                Thread.sleep(forTimeInterval: min(0.2, Double(ContinuousClock.now.duration(to: end).components.seconds) + 0.2))
            }
        }
    }
}
