/// Exponential backoff with a ceiling: 1 s, 2 s, 4 s, ... up to `maximum`, reset on success.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public private(set) var failures = 0

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// Records a failure and returns how long to wait before the next try.
    public mutating func failed() -> Duration {
        failures += 1
        let exponent = min(failures - 1, 30)
        let delay = initial * (1 << exponent)
        return delay > maximum ? maximum : delay
    }

    public mutating func succeeded() { failures = 0 }
}

/// When a reply that failed temporarily is tried again: 1, 2, 4, ... minutes, at most 6 hours.
public enum ReplyRetry {
    public static func delaySeconds(afterAttempts attempts: Int) -> Int64 {
        let minutes = Int64(1) << Int64(min(max(attempts, 0), 9))
        return min(minutes * 60, 6 * 3600)
    }
}
