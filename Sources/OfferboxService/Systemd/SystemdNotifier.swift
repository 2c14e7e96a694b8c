import Glibc

/// Tells systemd how the daemon is doing (sd_notify), written straight to `$NOTIFY_SOCKET`
/// instead of linking libsystemd: one AF_UNIX datagram of `KEY=VALUE` lines per call.
///
/// Outside systemd (a shell, `--once`, the tests) `$NOTIFY_SOCKET` is absent and every call is a
/// no-op. A notification is never worth failing for: ``notify(_:)`` never throws, never
/// raises SIGPIPE, gives up after ``sendTimeout`` when nobody reads the socket, and returns
/// whether the datagram went out.
///
/// Use with the unit's Type=notify and WatchdogSec= (systemd/offerbox.service): send ``ready``
/// once the configuration and the store are loaded, ``watchdog`` at
/// ``SystemdWatchdog/pingInterval``, ``stopping`` on SIGTERM.
/// https://www.freedesktop.org/software/systemd/man/sd_notify.html
public struct SystemdNotifier: Sendable {
    /// The raw `$NOTIFY_SOCKET`, nil when absent or empty.
    public let socket: String?
    /// How long a send may wait for room in systemd's receive queue (at least a microsecond).
    public let sendTimeout: Duration

    /// A notifier for the socket of this process's environment.
    public init() {
        self.init(socket: getenv("NOTIFY_SOCKET").map { String(cString: $0) })
    }

    /// A notifier for `environment["NOTIFY_SOCKET"]`.
    public init(environment: [String: String]) {
        self.init(socket: environment["NOTIFY_SOCKET"])
    }

    public init(socket: String?, sendTimeout: Duration = .seconds(1)) {
        self.socket = socket?.isEmpty == false ? socket : nil
        self.sendTimeout = sendTimeout
    }

    /// True when systemd listens, i.e. `$NOTIFY_SOCKET` is set.
    public var isEnabled: Bool { socket != nil }

    /// Sends the notifications as one datagram; false when there is no socket or it failed.
    @discardableResult
    public func notify(_ notifications: SystemdNotification...) -> Bool {
        notify(notifications)
    }

    /// Sends the notifications as one datagram; false when there is no socket or it failed.
    @discardableResult
    public func notify(_ notifications: [SystemdNotification]) -> Bool {
        guard let socket, !notifications.isEmpty, let address = NotifySocketAddress(socket) else { return false }
        let datagram = Array(notifications.map(\.assignment).joined(separator: "\n").utf8)
        return Self.send(datagram, to: address, timeout: sendTimeout)
    }

    private static func send(_ datagram: [UInt8], to address: NotifySocketAddress, timeout: Duration) -> Bool {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // A full receive queue makes sendto block; SO_SNDTIMEO bounds that wait (a zero timeval
        // would mean no bound at all, hence at least one microsecond).
        let (seconds, attoseconds) = max(timeout, .microseconds(1)).components
        var limit = timeval(tv_sec: Int(clamping: seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        guard setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            return false
        }
        return address.withSockaddr { sockaddrPointer, length in
            datagram.withUnsafeBytes { bytes in
                while true {
                    let sent = sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
                    if sent >= 0 { return sent == bytes.count }
                    if errno != EINTR { return false }
                }
            }
        }
    }
}
