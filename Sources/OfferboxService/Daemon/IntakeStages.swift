import Synchronization

/// Time spent in each stage of intake, summed over messages: where a cycle's time goes, so the next
/// bottleneck is in view (`run --once` logs them; scripts/bench/bench-ingest prints them).
///
/// Stages overlap (a message is fetched while the one before is analysed and the one before that
/// stored, and replies go out meanwhile), so the sums may exceed the wall time: the stage whose sum
/// comes closest to it is the one the others wait for.
public final class IntakeStages: Sendable {
    public enum Stage: String, CaseIterable, Sendable {
        /// Waiting for a message's bytes from the IMAP server.
        case fetch
        /// The MIME parse and the message's digests.
        case parse
        /// Document analysis: files unpacked, read (PDF workers, office text) and recognised.
        case analyse
        /// The transaction, its files and their fsync.
        case store
        /// Replies handed to the SMTP server.
        case reply
    }

    private let totals = Mutex<[Stage: Duration]>([:])

    public init() {}

    /// Runs `body`, counting its wall time to `stage`.
    public func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { add(start.duration(to: .now), to: stage) }
        return try body()
    }

    public func add(_ duration: Duration, to stage: Stage) {
        totals.withLock { $0[stage, default: .zero] += duration }
    }

    /// Seconds per stage, every stage present.
    public var seconds: [Stage: Double] {
        let snapshot = totals.withLock { $0 }
        return Dictionary(uniqueKeysWithValues: Stage.allCases.map { ($0, (snapshot[$0] ?? .zero) / .seconds(1)) })
    }
}
