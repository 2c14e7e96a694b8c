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
        // Bounded memory whatever the number of names or addresses tried, swept only past twice
        // the bound (so a sweep is paid once per 10,000 new keys): expired keys go first, then the
        // keys still below the limit, the least recent first, then if need be the least recent of
        // the rest. A flood of made-up names must not reopen the door on a name under attack,
        // whose failures are recent and at the limit.
        if failures.count > 20_000 {
            let expired = failures.filter { $0.value.allSatisfy { $0 <= now - window } }.map(\.key)
            for key in expired { failures[key] = nil }
            let limit = limit
            let forgettableFirst = failures.sorted { lhs, rhs in
                let (lhsLocked, rhsLocked) = (lhs.value.count >= limit, rhs.value.count >= limit)
                return lhsLocked != rhsLocked ? rhsLocked : (lhs.value.max() ?? 0) < (rhs.value.max() ?? 0)
            }
            for (key, _) in forgettableFirst.prefix(max(0, failures.count - 10_000)) { failures[key] = nil }
        }
    }

    public mutating func succeeded(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}

/// The throttles shared by every request of the server: five failures per user name, thirty per
/// client address (behind a reverse proxy every request comes from one address, and one person's
/// mistyping must not lock everyone out).
final class SharedLoginThrottle: Sendable {
    private let users = Mutex(LoginThrottle(limit: 5))
    private let addresses = Mutex(LoginThrottle(limit: 30))

    /// Seconds to wait (0: go on, and the attempt is booked as a failure until `succeeded` clears it).
    func attempt(user: String, address: String, now: Int64) -> Int64 {
        // One lock for both decisions: two parallel requests cannot both see the last free place.
        users.withLock { users in
            addresses.withLock { addresses in
                let wait = max(users.wait(for: [user], now: now), addresses.wait(for: [address], now: now))
                if wait == 0 {
                    users.failed([user], now: now)
                    addresses.failed([address], now: now)
                }
                return wait
            }
        }
    }

    /// A correct password: the user's failures are forgotten (the address's stay: one account's
    /// success does not open the door to guesses at the others).
    func succeeded(user: String) { users.withLock { $0.succeeded([user]) } }
}
