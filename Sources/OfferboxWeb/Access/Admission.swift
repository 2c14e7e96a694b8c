import Synchronization

/// At most `limit` of one kind of heavy work at once (document downloads, exports): memory and
/// the daemon's threads stay bounded whatever the number of people clicking.
final class Admission: Sendable {
    private let running = Mutex(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// `body`'s result, or nil (without running it) when `limit` are running already.
    func run<T>(_ body: () async throws -> T) async throws -> T? {
        let admitted = running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { return nil }
        defer { running.withLock { $0 -= 1 } }
        return try await body()
    }
}
