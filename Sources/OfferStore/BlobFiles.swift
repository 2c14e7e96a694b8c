import Glibc

/// Raw messages and document files, kept as files named by their SHA-256 beside the database.
///
/// SQLite in WAL mode writes every page twice (into the WAL, then into the database at the
/// checkpoint, reading it back in between): for megabytes of mail that was half the intake's time.
/// A file here is written once, made durable (`fdatasync`, then `rename`, then `fsync` of its
/// folder) before the transaction that refers to it commits, and never changed after: a row
/// that survives a crash always finds its bytes. A crash before the commit leaves at most an
/// unreferenced file, which the retry finds and reuses (same content, same name).
///
/// Layout: `<directory>/ab/abcdef…` (the first two hex digits as a folder), folders 0700,
/// files 0600, as the database itself.
public struct BlobFiles: Sendable {
    public let directory: String

    /// Opens (creating, 0700) the folder.
    public init(directory: String) throws(StoreFileError) {
        self.directory = directory
        try Self.makeFolder(directory)
    }

    /// The path of the file holding the bytes whose SHA-256 is `sha256` (lowercase hex).
    public func path(sha256: String) throws(StoreFileError) -> String {
        // The name becomes a path: only a real hex digest may be one.
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw StoreFileError(path: sha256, operation: "use as a digest", errno: EINVAL)
        }
        return "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Stores `bytes` under `sha256` (the caller's hash of them), durably; a file already there
    /// with the right size is kept as it is.
    public func store(_ bytes: [UInt8], sha256: String) throws(StoreFileError) {
        let final = try path(sha256: sha256)
        var status = stat()
        if stat(final, &status) == 0, status.st_size == off_t(bytes.count) { return }
        let folder = "\(directory)/\(sha256.prefix(2))"
        try Self.makeFolder(folder)
        let temporary = "\(folder)/.\(sha256).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreFileError(path: temporary, operation: "create", errno: errno) }
        var failure: StoreFileError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = StoreFileError(path: temporary, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fdatasync(fd) != 0 { failure = StoreFileError(path: temporary, operation: "sync", errno: errno) }
        close(fd)
        if failure == nil, rename(temporary, final) != 0 { failure = StoreFileError(path: final, operation: "rename", errno: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        try Self.syncFolder(folder)
    }

    /// Removes the file stored under `sha256` (retention), if it is there; the folder is synced so
    /// that the removal survives a crash.
    public func remove(sha256: String) throws(StoreFileError) {
        let file = try path(sha256: sha256)
        guard unlink(file) == 0 || errno == ENOENT else { throw StoreFileError(path: file, operation: "remove", errno: errno) }
        try Self.syncFolder("\(directory)/\(sha256.prefix(2))")
    }

    /// The bytes stored under `sha256`.
    public func read(sha256: String) throws(StoreFileError) -> [UInt8] {
        let path = try path(sha256: sha256)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreFileError(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw StoreFileError(path: path, operation: "stat", errno: errno) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw StoreFileError(path: path, operation: "read", errno: count < 0 ? errno : EIO) }
            offset += count
        }
        return bytes
    }

    /// The digest of every file in the store (not the temporary files of a write in progress).
    public func allDigests() throws(StoreFileError) -> [String] {
        var digests: [String] = []
        for folder in try Self.names(in: directory) where folder.utf8.count == 2 {
            for name in try Self.names(in: "\(directory)/\(folder)") where name.hasPrefix(folder) {
                if (try? path(sha256: name)) != nil { digests.append(name) }
            }
        }
        return digests.sorted()
    }

    private static func names(in path: String) throws(StoreFileError) -> [String] {
        guard let stream = opendir(path) else { throw StoreFileError(path: path, operation: "list", errno: errno) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func makeFolder(_ path: String) throws(StoreFileError) {
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw StoreFileError(path: path, operation: "create", errno: errno) }
    }

    /// Makes a rename in `path` durable.
    private static func syncFolder(_ path: String) throws(StoreFileError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreFileError(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreFileError(path: path, operation: "sync", errno: errno) }
    }
}
