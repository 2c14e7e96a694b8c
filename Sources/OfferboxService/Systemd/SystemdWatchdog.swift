import Glibc

/// The watchdog systemd set up for this process (WatchdogSec= in the unit): how often it wants
/// `WATCHDOG=1`, read as sd_watchdog_enabled(3) does.
///
/// `$WATCHDOG_USEC` is the timeout in microseconds; `$WATCHDOG_PID`, when set, names the one
/// process it is meant for, so a child that inherited the environment does not take it for its
/// own. Pinging at half the timeout, as the man page advises, leaves room for one late ping.
/// https://www.freedesktop.org/software/systemd/man/sd_watchdog_enabled.html
public struct SystemdWatchdog: Sendable, Hashable {
    /// How long systemd waits for a ping before it kills the service.
    public let timeout: Duration

    /// How often to send `WATCHDOG=1`: half the timeout.
    public var pingInterval: Duration { timeout / 2 }

    public init(timeout: Duration) {
        self.timeout = timeout
    }

    /// The watchdog of this process's environment; nil when there is none.
    public init?() {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        var environment: [String: String] = [:]
        environment["WATCHDOG_USEC"] = variable("WATCHDOG_USEC")
        environment["WATCHDOG_PID"] = variable("WATCHDOG_PID")
        self.init(environment: environment, processID: getpid())
    }

    /// Nil when `WATCHDOG_USEC` is absent, not a positive decimal number, or "infinity"
    /// (UInt64.max), or when `WATCHDOG_PID` is set to anything but `processID`.
    public init?(environment: [String: String], processID: Int32) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text),
              microseconds > 0, microseconds != UInt64.max, let signed = Int64(exactly: microseconds)
        else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = Int32(pidText), pid > 0, pid == processID else { return nil }
        }
        self.init(timeout: .microseconds(signed))
    }

    /// Sends `WATCHDOG=1` through `notifier` now and then every ``pingInterval`` until the task is
    /// cancelled. This shows that the process and its executor are alive; a daemon that wants
    /// the watchdog to catch a stuck loop pings from that loop instead.
    public func keepAlive(_ notifier: SystemdNotifier) async {
        while !Task.isCancelled {
            notifier.notify(.watchdog)
            try? await Task.sleep(for: pingInterval)
        }
    }
}
