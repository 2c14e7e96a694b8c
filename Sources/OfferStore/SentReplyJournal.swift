import Glibc
import Synchronization

/// Ids of replies the SMTP server has taken that the database may not yet record as sent, and
/// of replies whose whole text went out without the server's answer being read yet.
///
/// The server's 250 and our commit cannot be one atomic step, and a crash between them would send
/// the reply again after the restart. The outbox appends the id here the moment the 250 is read
/// (one `write` and `fdatasync`, sharing no lock with the intake's transactions, which may hold the
/// database for a while), and folds the journal into the database before it picks replies to send.
/// Just before the final "." it appends `d<id>`: an id with that line and no accepted line is a
/// reply a crash cut between the "." and the answer, which the server may or may not have kept.
public final class SentReplyJournal: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating, 0600) the journal at `path`; the outbox keeps it beside the database.
    public init(path: String) throws(StoreFileError) {
        self.path = path
        let fd = try JournalFile.openForAppend(path)
        descriptor = Mutex(fd)
    }

    deinit { descriptor.withLock { _ = close($0) } }

    /// Records that reply `id` was accepted; durable when it returns.
    public func recordAccepted(_ id: Int64) throws(StoreFileError) {
        try append("\(id)\n")
    }

    /// Records that all of reply `id` but the final "." was sent. Written, not synced: a killed
    /// process keeps it (the kernel has it); only an OS crash could lose it, and then the reply is
    /// sent again, never lost. The sync would sit between the last bytes and the "." of every reply.
    public func recordDataSent(_ id: Int64) throws(StoreFileError) {
        try append("d\(id)\n", sync: false)
    }

    /// Records that the send of reply `id` ended with the server's answers read, whatever they
    /// said: its `d` line no longer stands for an open question (an accepted line, if any, stands).
    public func recordAnswered(_ id: Int64) throws(StoreFileError) {
        try append("r\(id)\n", sync: false)
    }

    /// What the journal holds since the last ``clear()``.
    public struct Entries: Equatable, Sendable {
        /// Replies the server took.
        public var accepted: [Int64]
        /// Replies sent up to the final "." whose answer was never read: the server may have them.
        public var unanswered: [Int64]
    }

    /// Every entry since the last ``clear()``; a torn last line (a crash mid-write) is ignored.
    public func entries() throws(StoreFileError) -> Entries {
        var accepted: [Int64] = [], dataSent: [Int64] = [], answered: Set<Int64> = []
        for line in try lines() {
            let tag = line.first
            if tag == UInt8(ascii: "d") || tag == UInt8(ascii: "r") {
                guard let id = Int64(String(decoding: line.dropFirst(), as: UTF8.self)) else { continue }
                if tag == UInt8(ascii: "d") { dataSent.append(id) } else { answered.insert(id) }
            } else if let id = Int64(String(decoding: line, as: UTF8.self)) {
                accepted.append(id)
                answered.insert(id)
            }
        }
        var seen: Set<Int64> = []
        return Entries(accepted: accepted, unanswered: dataSent.filter { !answered.contains($0) && seen.insert($0).inserted })
    }

    private func append(_ text: String, sync: Bool = true) throws(StoreFileError) {
        let line = Array(text.utf8)
        try descriptor.withLock { fd throws(StoreFileError) in
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count, !sync || fdatasync(fd) == 0 else {
                throw StoreFileError(path: path, operation: "write", errno: errno)
            }
        }
    }

    /// Every accepted id recorded since the last ``clear()``.
    public func pending() throws(StoreFileError) -> [Int64] {
        try entries().accepted
    }

    private func lines() throws(StoreFileError) -> [ArraySlice<UInt8>] {
        let bytes = try descriptor.withLock { fd throws(StoreFileError) -> [UInt8] in
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            var offset: off_t = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
                if count < 0 { throw StoreFileError(path: path, operation: "read", errno: errno) }
                if count == 0 { return bytes }
                bytes += buffer[..<count]
                offset += off_t(count)
            }
        }
        return Array(bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropLast())  // what follows the last line break: empty, or a line whose write was cut
    }

    /// Forgets every id: call only once the database records them all as sent.
    public func clear() throws(StoreFileError) {
        try descriptor.withLock { fd throws(StoreFileError) in
            guard ftruncate(fd, 0) == 0, fdatasync(fd) == 0 else {
                throw StoreFileError(path: path, operation: "truncate", errno: errno)
            }
        }
    }
}

/// A file beside the database could not be opened, read or written.
public struct StoreFileError: Error, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let errno: Int32
    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errno)))" }
}
