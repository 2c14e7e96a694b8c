import OfferStore
import OfferboxService
import Synchronization

/// Every offer as the register shows it, computed once per state of the register: the offers
/// page, the overview and `/metrics` of a 2,000-offer register would otherwise read and assemble
/// every offer for each request. A cheap stamp of the register (`registerStamp`) is read first;
/// the entries are computed again only when it changed. Read before the entries, the stamp can
/// only be older than what they show, so a change is never missed, at worst computed twice.
final class RegisterCache: Sendable {
    private let state = Mutex<(stamp: [Int64], entries: [RegisterEntry])?>(nil)

    func entries(register: Register, database: OfferDatabase) throws -> [RegisterEntry] {
        let stamp = try database.registerStamp()
        if let cached = state.withLock({ $0 }), cached.stamp == stamp { return cached.entries }
        let entries = try register.entries()
        state.withLock { $0 = (stamp, entries) }
        return entries
    }
}
