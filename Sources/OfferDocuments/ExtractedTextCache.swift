import Synchronization

/// Texts already read, by content (SHA-256) and format, across messages: a resubmission, or the
/// same CV sent to both Secretariat addresses, is read once. The text is kept, never the
/// decision, which depends on the file's name and the mail around it.
///
/// Only readings that do not depend on the moment are kept: a reading cut by a timeout, by the
/// message's time or inflation budget, or by a failed reader carries a defect and is read again.
/// Bounded by the UTF-8 bytes of the texts held; the least recently used go first.
public final class ExtractedTextCache: Sendable {
    typealias Key = ReadingPlan.Key

    private struct Entry {
        var text: ExtractedText
        var bytes: Int
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    public let maxBytes: Int
    private let state = Mutex(State())

    /// `maxBytes`: the texts held at most (8 MiB by default: the documents of some hundreds of offers).
    public init(maxBytes: Int = 8 << 20) {
        self.maxBytes = maxBytes
    }

    /// Readings served from the cache and readings that had to be made, since the start.
    public var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    func text(for key: Key) -> ExtractedText? {
        state.withLock { state in
            state.clock += 1
            guard var entry = state.entries[key] else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            entry.lastUse = state.clock
            let text = entry.text
            state.entries[key] = entry
            return text
        }
    }

    func store(_ text: ExtractedText, for key: Key) {
        guard text.defect == nil else { return }
        // Bookkeeping counted too, so that many small texts cannot grow the table unbounded.
        let bytes = (text.text?.utf8.count ?? 0) + (text.note?.utf8.count ?? 0) + key.sha256.utf8.count + 64
        guard bytes <= maxBytes / 4 else { return }
        state.withLock { state in
            state.clock += 1
            if let old = state.entries[key] { state.bytes -= old.bytes }
            state.entries[key] = Entry(text: text, bytes: bytes, lastUse: state.clock)
            state.bytes += bytes
            guard state.bytes > maxBytes else { return }
            // Down to three quarters at once, so eviction's sort is paid rarely.
            var oldestFirst = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }[...]
            while state.bytes > maxBytes * 3 / 4, let (oldKey, oldEntry) = oldestFirst.popFirst() {
                state.entries[oldKey] = nil
                state.bytes -= oldEntry.bytes
            }
        }
    }

    /// Texts held and their bytes (for tests and the benchmark's figures).
    var usage: (entries: Int, bytes: Int) { state.withLock { ($0.entries.count, $0.bytes) } }
}
