/// One slot per item of a concurrent map: each index is written by exactly one worker, and read
/// only after `DispatchQueue.concurrentPerform` has returned, so no lock is needed.
final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<R?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ value: R, at index: Int) { storage[index] = value }

    /// Every stored value, in index order (every slot is filled once `concurrentPerform` returns).
    func values() -> [R] { storage.compactMap { $0 } }
}
