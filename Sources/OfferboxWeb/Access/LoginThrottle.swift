import OfferCore
import OfferStore
import Logging
import Synchronization

/// Failed logins counted per user name and per client address over a sliding window: past the
/// limit, that name or address is refused (HTTP 429) until its oldest failure leaves the window.
/// A correct password does not get through a closed door: guessing stays slow whatever the guess.
public struct LoginThrottle: Sendable {
    public var limit: Int
    public var window: Int64
    private var failures: [String: [Int64]] = [:]

    public init(limit: Int = 5, window: Int64 = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before `keys` may try again (0: now).
    public mutating func wait(for keys: [String], now: Int64) -> Int64 {
        keys.map { key in
            let recent = (failures[key] ?? []).filter { $0 > now - window }
            failures[key] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.min() else { return 0 }
            return oldest + window - now
        }.max() ?? 0
    }

    public mutating func failed(_ keys: [String], now: Int64) {
        for key in keys { failures[key, default: []].append(now) }
        // Bounded memory whatever the number of names tried: the oldest keys go first.
        if failures.count > 10_000 {
            let expired = failures.filter { $0.value.allSatisfy { $0 <= now - window } }.map(\.key)
            for key in expired { failures[key] = nil }
        }
    }

    public mutating func succeeded(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}

/// The throttle shared by every request of the server.
final class SharedLoginThrottle: Sendable {
    private let state: Mutex<LoginThrottle>
    init(_ throttle: LoginThrottle = LoginThrottle()) { state = Mutex(throttle) }
    func wait(for keys: [String], now: Int64) -> Int64 { state.withLock { $0.wait(for: keys, now: now) } }
    func failed(_ keys: [String], now: Int64) { state.withLock { $0.failed(keys, now: now) } }
    func succeeded(_ keys: [String]) { state.withLock { $0.succeeded(keys) } }
}
