/// One assignment of the sd_notify protocol: what the daemon tells systemd about itself.
///
/// The datagram carries assignments separated by newlines, so a newline inside a status would
/// start a forged assignment (`STATUS=x\nREADY=1`): ``assignment`` turns control characters into
/// spaces. systemd drops datagrams longer than 4 KiB (PIPE_BUF) whole, so a status is cut to
/// ``maximumStatusBytes`` on a character boundary.
/// https://www.freedesktop.org/software/systemd/man/sd_notify.html#Well-known%20assignments
public enum SystemdNotification: Sendable, Hashable {
    /// Start-up is finished: `READY=1`. With Type=notify, systemd waits for it.
    case ready
    /// The configuration is being reloaded: `RELOADING=1`; send ``ready`` when done.
    case reloading
    /// Shutdown has begun: `STOPPING=1`.
    case stopping
    /// Keep-alive for WatchdogSec=: `WATCHDOG=1`.
    case watchdog
    /// One line shown by `systemctl status`: `STATUS=...`.
    case status(String)

    /// The longest status sent, in UTF-8 bytes.
    public static let maximumStatusBytes = 1024

    /// The `KEY=VALUE` line as it goes into the datagram.
    public var assignment: String {
        switch self {
        case .ready: "READY=1"
        case .reloading: "RELOADING=1"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        case .status(let text): "STATUS=" + Self.singleLine(text)
        }
    }

    /// `text` with every control character (C0, DEL, C1) as a space, cut to the byte limit.
    private static func singleLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let clean: Unicode.Scalar = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar
            let width = UTF8.width(clean)
            guard bytes + width <= maximumStatusBytes else { break }
            bytes += width
            result.append(clean)
        }
        return String(result)
    }
}
