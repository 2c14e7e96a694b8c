import Foundation
// `struct stat` may reach this module through CoreFoundation's headers (which module the compiler credits
// depends on the order it reads them): imported by name, for MemberImportVisibility.
import CoreFoundation
import Glibc

/// Folders and files only their owner can read: an offer's documents are personal data (CVs,
/// financial offers), so exported folders are 0700 and files 0600 whatever the umask says. The
/// modes are given at creation and set again with `fchmod`/`chmod` (a umask only takes bits away;
/// setting them after creation makes the result independent of it), never widened later.
enum PrivateFiles {
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    struct Failure: Error, CustomStringConvertible {
        var path: String
        var operation: String
        var code: Int32
        var description: String { "\(path): \(operation) failed: \(String(cString: strerror(code)))" }
    }

    /// Creates `path` (and any missing parent) as a 0700 folder; an existing folder is made 0700
    /// too. A symbolic link in its place is refused rather than followed.
    static func makeFolder(_ path: String) throws(Failure) {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw Failure(path: path, operation: "using as a folder (not a folder)", code: ENOTDIR) }
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path, access(parent, F_OK) != 0 { try makeFolder(parent) }
            guard mkdir(path, folderMode) == 0 || errno == EEXIST else { throw Failure(path: path, operation: "mkdir", code: errno) }
        }
        guard chmod(path, folderMode) == 0 else { throw Failure(path: path, operation: "chmod", code: errno) }
    }

    /// Writes `bytes` to `folder/name` as a 0600 file, replacing any file of that name at once (a
    /// temporary file, then `rename`, which replaces a symbolic link rather than writing through it).
    static func write(_ bytes: [UInt8], folder: String, name: String) throws(Failure) {
        let target = folder + "/" + name
        // A name the allocator never gives (it strips leading dots), so it cannot clash with a document.
        let temporary = folder + "/.offerbox-export-\(getpid())-\(UInt64.random(in: 0 ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw Failure(path: temporary, operation: "create", code: errno) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do throws(Failure) {
            guard fchmod(descriptor, fileMode) == 0 else { throw Failure(path: temporary, operation: "fchmod", code: errno) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(path: temporary, operation: "write", code: errno)
                }
                offset += written
            }
            closed = true
            guard close(descriptor) == 0 else { throw Failure(path: temporary, operation: "close", code: errno) }
            guard rename(temporary, target) == 0 else { throw Failure(path: target, operation: "rename", code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
