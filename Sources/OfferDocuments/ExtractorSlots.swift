import Dispatch

/// How many extractor children (pdftotext) run at once in the whole process, whatever the number
/// of messages analysed together: each may take up to its address-space cap, and the unit's
/// `MemoryMax=` counts them with the daemon. Two keep both cores busy.
enum ExtractorSlots {
    static let count = 2
    private static let semaphore = DispatchSemaphore(value: count)

    /// Runs `body` once a slot is free, or returns nil when none came free within `seconds`.
    static func withSlot<R>(waitingAtMost seconds: Double, _ body: () -> R) -> R? {
        let deadline: DispatchTime = seconds.isFinite ? .now() + seconds : .distantFuture
        guard semaphore.wait(timeout: deadline) == .success else { return nil }
        defer { semaphore.signal() }
        return body()
    }
}
