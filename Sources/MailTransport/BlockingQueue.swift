import Dispatch

/// Runs blocking libcurl work on a private serial dispatch queue, so that a slow
/// server never ties up a thread of Swift's cooperative pool; the awaiting task is
/// suspended meanwhile. The queue also serialises access to the non-Sendable state.
final class BlockingQueue<State>: @unchecked Sendable {
    private let queue: DispatchQueue
    // Only touched on `queue`.
    private let state: State

    init(label: String, state: State) {
        self.queue = DispatchQueue(label: label)
        self.state = state
    }

    func run<T: Sendable>(_ work: @escaping @Sendable (State) throws(MailTransportError) -> T) async throws(MailTransportError) -> T {
        let result: Result<T, MailTransportError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(MailTransportError) {
                    continuation.resume(returning: .success(try work(self.state)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Blocks the caller until `work` ran; for deinit-time cleanup only.
    func runAndWait(_ work: @escaping @Sendable (State) -> Void) {
        queue.sync { work(state) }
    }
}
