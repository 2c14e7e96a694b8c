import Glibc
import Synchronization

/// Ids of replies the SMTP server has taken that the database may not yet record as sent.
///
/// The server's 250 and our commit cannot be one atomic step, and a crash between them would send
/// the reply again after the restart. The outbox appends the id here the moment the 250 is read
/// (one `write` and `fdatasync`, sharing no lock with the intake's transactions, which may hold the
/// database for a while), and folds the journal into the database before it picks replies to send.
public final class SentReplyJournal: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating, 0600) the journal at `path`; the outbox keeps it beside the database.
    public init(path: String) throws(StoreFileError) {
        self.path = path
        let previous = umask(0o077)
        defer { umask(previous) }
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreFileError(path: path, operation: "open", errno: errno) }
        descriptor = Mutex(fd)
    }

    deinit { descriptor.withLock { _ = close($0) } }

    /// Records that reply `id` was accepted; durable when it returns.
    public func recordAccepted(_ id: Int64) throws(StoreFileError) {
        let line = Array("\(id)\n".utf8)
        try descriptor.withLock { fd throws(StoreFileError) in
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count, fdatasync(fd) == 0 else {
                throw StoreFileError(path: path, operation: "write", errno: errno)
            }
        }
    }

    /// Every id recorded since the last ``clear()``; a torn last line (a crash mid-write) is ignored.
    public func pending() throws(StoreFileError) -> [Int64] {
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
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropLast()  // what follows the last line break: empty, or a line whose write was cut
            .compactMap { Int64(String(decoding: $0, as: UTF8.self)) }
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
