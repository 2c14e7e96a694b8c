import Glibc

/// The journals beside the database (sent replies, messages in hand): append-only files readable
/// by their owner alone.
enum JournalFile {
    /// Opens `path` for appending, creating it 0600. No umask change: the umask is the process's,
    /// and another thread may be creating files meanwhile; the mode given to `open` can only lose
    /// bits to it, and `fchmod` puts a file an earlier version created right.
    static func openForAppend(_ path: String) throws(StoreFileError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreFileError(path: path, operation: "open", errno: errno) }
        _ = fchmod(fd, 0o600)
        return fd
    }
}
