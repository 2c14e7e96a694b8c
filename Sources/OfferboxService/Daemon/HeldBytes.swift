import Synchronization

/// Bytes of mail held by the messages in hand in the whole process (raw, then decoded documents
/// too once analysed), until each is stored or let go: what decides whether a mailbox may analyse
/// a second message beside the first.
final class HeldBytes: Sendable {
    private let total = Mutex(0)

    var value: Int { total.withLock { $0 } }

    func add(_ bytes: Int) { total.withLock { $0 += bytes } }

    func remove(_ bytes: Int) { total.withLock { $0 -= bytes } }
}
