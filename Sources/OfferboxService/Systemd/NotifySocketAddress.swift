import Glibc

/// The address in `$NOTIFY_SOCKET` as a `sockaddr_un`: a file system path (`/run/systemd/notify`)
/// or, when it starts with `@`, a name in the abstract namespace (the `@` becomes a NUL byte and
/// the name is not NUL-terminated: its length is part of the address).
/// https://www.man7.org/linux/man-pages/man7/unix.7.html (Address format)
struct NotifySocketAddress: Sendable, Hashable {
    /// The bytes of `sun_path` that make up the address.
    let pathBytes: [UInt8]

    /// `sun_path` holds 108 bytes on Linux.
    static let pathCapacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    /// Nil when the value is neither an absolute path nor `@name`, holds a NUL, or does not fit.
    init?(_ value: String) {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, !bytes.contains(0) else { return nil }
        switch first {
        case UInt8(ascii: "/"):
            pathBytes = bytes + [0]
        case UInt8(ascii: "@") where bytes.count > 1:
            pathBytes = [0] + bytes.dropFirst()
        default:
            return nil
        }
        guard pathBytes.count <= Self.pathCapacity else { return nil }
    }

    /// Calls `body` with the address and its length (family plus the significant path bytes).
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path.copyBytes(from: pathBytes.prefix(path.count))
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
