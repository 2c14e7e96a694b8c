import Glibc
import Synchronization

/// The messages this process is working on, so that the next start knows which ones were in
/// hand when it died (a crash in a parser, an OOM kill, the watchdog).
///
/// A line `+` is appended before a message's processing begins and a line `-` once it is stored
/// or set aside. Lines are written, not synced: a killed process keeps them (the kernel has
/// them); only an OS crash could lose one, and then a message is retried once more. At start,
/// ``unfinished()`` gives the messages begun and never finished; once each has its death recorded
/// (``OfferDatabase/recordDeaths(_:at:)``), ``clear()`` empties the journal. With several messages
/// in flight at once, each is blamed for the deaths it was in flight at, so a message is set
/// aside only after it was in hand at every one of them.
///
/// The journal is also the store's single-intake lock: it is held (`flock`) for as long as the
/// journal is open, so a second `offerbox run` on the same store stops at once with a clear
/// error instead of reading the other's messages in hand as deaths.
public final class InFlightJournal: Sendable {
    /// One copy of a message on the server.
    public struct Key: Sendable, Hashable {
        public var mailboxKey: String
        public var uidValidity: Int64
        public var uid: Int64

        public init(mailboxKey: String, uidValidity: Int64, uid: Int64) {
            self.mailboxKey = mailboxKey
            self.uidValidity = uidValidity
            self.uid = uid
        }
    }

    public let path: String
    private let state: Mutex<(fd: Int32, open: Int, bytes: Int)>

    /// Opens (creating, 0600) the journal at `path`, beside the database.
    public init(path: String) throws(StoreFileError) {
        self.path = path
        let fd = try JournalFile.openForAppend(path)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            close(fd)
            throw StoreFileError(path: path, operation: error == EWOULDBLOCK ? "lock (another offerbox run uses this store)" : "lock",
                                 errno: error)
        }
        var status = stat()
        let size = fstat(fd, &status) == 0 ? Int(status.st_size) : 0
        state = Mutex((fd, 0, size))
    }

    deinit { state.withLock { _ = close($0.fd) } }

    /// The journal's usual place for the database at `path`.
    public static func path(database: String) -> String { database + ".in-flight" }

    public func begin(_ key: Key) throws(StoreFileError) { try append("+", key, opening: 1) }

    public func end(_ key: Key) throws(StoreFileError) { try append("-", key, opening: -1) }

    /// The messages begun and not ended since the journal was last emptied.
    public func unfinished() throws(StoreFileError) -> [Key] {
        var open: [Key: Int] = [:]
        var order: [Key] = []
        for line in try readLines() {
            guard let tag = line.first, let key = Self.key(line.dropFirst()) else { continue }   // a torn last line
            if tag == "+" {
                if open[key] == nil { order.append(key) }
                open[key, default: 0] += 1
            } else if tag == "-" {
                open[key, default: 0] -= 1
            }
        }
        return order.filter { (open[$0] ?? 0) > 0 }
    }

    /// Empties the journal, once what ``unfinished()`` gave is recorded.
    public func clear() throws(StoreFileError) {
        try state.withLock { (state) throws(StoreFileError) in
            guard ftruncate(state.fd, 0) == 0 else { throw StoreFileError(path: path, operation: "truncate", errno: errno) }
            state.bytes = 0
            state.open = 0
        }
    }

    private func append(_ tag: String, _ key: Key, opening delta: Int) throws(StoreFileError) {
        let line = Array("\(tag)\(Self.hex(key.mailboxKey))\t\(key.uidValidity)\t\(key.uid)\n".utf8)
        try state.withLock { (state) throws(StoreFileError) in
            let written = line.withUnsafeBytes { write(state.fd, $0.baseAddress, $0.count) }
            guard written == line.count else { throw StoreFileError(path: path, operation: "write", errno: written < 0 ? errno : EIO) }
            state.open += delta
            state.bytes += line.count
            // Nothing in hand: the lines so far say nothing any more; keep the file small.
            if state.open == 0, state.bytes > 1 << 20, ftruncate(state.fd, 0) == 0 { state.bytes = 0 }
        }
    }

    private func readLines() throws(StoreFileError) -> [Substring] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreFileError(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw StoreFileError(path: path, operation: "read", errno: errno) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        // Only whole lines: a crash mid-write leaves a torn last one.
        guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        return String(decoding: bytes[...lastNewline], as: UTF8.self).split(separator: "\n")
    }

    private static func key(_ text: Substring) -> Key? {
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, let mailbox = unhex(fields[0]), let validity = Int64(fields[1]), let uid = Int64(fields[2]) else { return nil }
        return Key(mailboxKey: mailbox, uidValidity: validity, uid: uid)
    }

    /// The mailbox key in hex: it comes from the config and may hold any character.
    private static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef")
        return String(text.utf8.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    private static func unhex(_ text: Substring) -> String? {
        let values = text.utf8.map { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        guard values.count % 2 == 0, !values.contains(nil) else { return nil }
        let nibbles = values.compactMap { $0 }
        let bytes = stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
        return String(validating: bytes, as: UTF8.self)
    }
}
