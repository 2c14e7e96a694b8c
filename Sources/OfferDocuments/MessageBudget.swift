import Synchronization

/// What is left of one message's ``MessageLimits`` while its files are read, shared by the workers
/// that read them concurrently: the bytes that may still be inflated, and the extractors' deadline.
final class MessageBudget: Sendable {
    private let inflatable: Mutex<Int>
    private let deadline: Mutex<ContinuousClock.Instant>

    init(_ limits: MessageLimits, start: ContinuousClock.Instant = .now) {
        inflatable = Mutex(limits.maxInflatedBytes)
        deadline = Mutex(start.advanced(by: .milliseconds(Int64((max(0, limits.maxExtractorSeconds) * 1000).rounded()))))
    }

    /// Bytes that may still be inflated.
    var inflatableBytes: Int { inflatable.withLock { $0 } }

    /// Takes `count` bytes from the budget; false, taking nothing, when fewer are left.
    func spendInflated(_ count: Int) -> Bool {
        inflatable.withLock { left in
            guard count <= left else { return false }
            left -= count
            return true
        }
    }

    /// Gives back bytes taken but not inflated (an entry shorter than it declared).
    func refundInflated(_ count: Int) {
        inflatable.withLock { $0 += max(0, count) }
    }

    /// Moves the deadline later by `waited`: time spent waiting for an extractor that other
    /// messages held is theirs, not this message's, so that a sender whose PDFs keep both
    /// extractors busy cannot make another applicant's files go unread.
    func excuse(_ waited: Duration) {
        guard waited > .zero else { return }
        deadline.withLock { $0 = $0.advanced(by: waited) }
    }

    /// Seconds left to the extractors (0 when spent).
    func extractorSecondsLeft(now: ContinuousClock.Instant = .now) -> Double {
        let left = now.duration(to: deadline.withLock { $0 })
        guard left > .zero else { return 0 }
        return left / .seconds(1)
    }
}
