import Foundation
// `struct stat` may reach this module through CoreFoundation's headers (which module the compiler credits
// depends on the order it reads them): imported by name, for MemberImportVisibility.
import CoreFoundation
import Glibc

/// The messages named on a command line: files, directories read recursively, or `-` for stdin.
enum InputFiles {
    /// Expands `paths` into files: a directory gives every regular file under it, sorted by path bytes
    /// (the order of the reference benchmark harnesses).
    static func expand(_ paths: [String]) -> (files: [String], errors: [String]) {
        var files: [String] = []
        var errors: [String] = []
        for path in paths {
            if path == "-" { files.append(path); continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append("\(path): no such file or directory")
                continue
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            var found: [String] = []
            if let walker = FileManager.default.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                    var st = stat()
                    if lstat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { found.append(full) }
                }
            }
            found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            files += found
        }
        return (files, errors)
    }

    /// Reads a whole file (or stdin for `-`) into bytes.
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var bytes: [UInt8] = []
        var st = stat()
        var expected = 1 << 16
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { expected = Int(st.st_size) + 1 }
        var failure: Int32 = 0
        while true {
            // Read into uninitialised space: a 15 MB message is written to memory once.
            let chunk = [UInt8](unsafeUninitializedCapacity: max(expected, 1 << 16)) { buffer, count in
                count = 0
                while count < buffer.count {
                    let got = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { failure = errno }
                    if got <= 0 { break }
                    count += got
                }
            }
            if bytes.isEmpty { bytes = chunk } else { bytes += chunk }
            if failure != 0 || chunk.count < max(expected, 1 << 16) { break }
            expected = bytes.count
        }
        if failure != 0 { throw InputError(path: path, reason: String(cString: strerror(failure))) }
        return bytes
    }

    struct InputError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }
}
