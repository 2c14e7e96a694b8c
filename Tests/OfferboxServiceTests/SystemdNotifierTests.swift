import Glibc
import OfferboxService
import Testing

/// sd_notify as systemd receives it: real AF_UNIX datagram sockets stand in for PID 1, and each
/// test checks the exact bytes against sd_notify(3): newline-separated `KEY=VALUE` assignments.
@Suite struct SystemdNotifierTests {
    @Test(arguments: [
        (SystemdNotification.ready, "READY=1"),
        (.reloading, "RELOADING=1"),
        (.stopping, "STOPPING=1"),
        (.watchdog, "WATCHDOG=1"),
        (.status("Watching 2 mailboxes"), "STATUS=Watching 2 mailboxes"),
    ])
    func eachNotificationIsOneAssignmentInOneDatagram(notification: SystemdNotification, expected: String) throws {
        let receiver = try NotifyReceiver.bound(to: .path)
        #expect(SystemdNotifier(socket: receiver.notifySocket).notify(notification))
        #expect(receiver.receive() == Array(expected.utf8))
    }

    @Test func severalNotificationsGoTogetherSeparatedByNewlines() throws {
        let receiver = try NotifyReceiver.bound(to: .path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket])
        #expect(notifier.isEnabled)
        #expect(notifier.notify(.ready, .status("Idle: 2 mailboxes")))
        #expect(receiver.receive() == Array("READY=1\nSTATUS=Idle: 2 mailboxes".utf8))
    }

    @Test func anAtSignAddressesTheAbstractNamespace() throws {
        let receiver = try NotifyReceiver.bound(to: .abstract)
        #expect(receiver.notifySocket.hasPrefix("@"))
        #expect(SystemdNotifier(socket: receiver.notifySocket).notify(.watchdog))
        #expect(receiver.receive() == Array("WATCHDOG=1".utf8))
    }

    @Test func aStatusCannotSmuggleInAnotherAssignment() throws {
        let receiver = try NotifyReceiver.bound(to: .path)
        #expect(SystemdNotifier(socket: receiver.notifySocket).notify(.status("a\nREADY=1\r\tb\u{7F}c\u{85}d")))
        // Each of LF, CR, TAB, DEL and NEL becomes one space.
        #expect(receiver.receive() == Array("STATUS=a READY=1  b c d".utf8))
    }

    @Test func aLongStatusIsCutAtACharacterBoundaryWithinTheLimit() throws {
        let receiver = try NotifyReceiver.bound(to: .path)
        // 1 + 600 × 2 bytes; 1 + 511 × 2 = 1023 fits in 1024, one more "é" would not.
        #expect(SystemdNotifier(socket: receiver.notifySocket).notify(.status("a" + String(repeating: "é", count: 600))))
        let expected = "STATUS=a" + String(repeating: "é", count: 511)
        #expect(receiver.receive() == Array(expected.utf8))
        #expect(SystemdNotification.maximumStatusBytes == 1024)
    }

    @Test(arguments: [nil, ""] as [String?])
    func withoutNotifySocketEveryCallIsANoOp(socket: String?) {
        let environment = socket.map { ["NOTIFY_SOCKET": $0] } ?? [:]
        let notifier = SystemdNotifier(environment: environment)
        #expect(!notifier.isEnabled)
        #expect(notifier.socket == nil)
        #expect(!notifier.notify(.ready, .status("nobody listens")))
    }

    @Test(arguments: [
        "run/systemd/notify",                                // relative: neither a path nor @name
        "@",                                                 // an abstract name needs a name
        "/" + String(repeating: "x", count: 107),           // 108 bytes plus the NUL: does not fit
        "/run/offerbox-tests/no such directory/notify",     // nobody there
        "@offerbox-tests-nobody-binds-this-name",
    ])
    func anUnusableSocketIsReportedNotThrown(socket: String) {
        #expect(!SystemdNotifier(socket: socket).notify(.ready))
    }

    @Test func aSocketPathWithANulByteIsRefusedRatherThanCut() throws {
        // Cut at the NUL, "/tmp/...-XXXXXX/notify\0x" would reach the receiver's socket.
        let receiver = try NotifyReceiver.bound(to: .path)
        #expect(!SystemdNotifier(socket: receiver.notifySocket + "\u{0}x").notify(.ready))
        #expect(SystemdNotifier(socket: receiver.notifySocket).notify(.stopping))
        #expect(receiver.receive() == Array("STOPPING=1".utf8))
    }

    // A zero timeout must not turn into SO_SNDTIMEO's "no timeout".
    @Test(.timeLimit(.minutes(1)), arguments: [Duration.milliseconds(50), .zero])
    func aSocketNobodyReadsMakesTheSendGiveUpInsteadOfHanging(sendTimeout: Duration) throws {
        let receiver = try NotifyReceiver.bound(to: .path)
        let notifier = SystemdNotifier(socket: receiver.notifySocket, sendTimeout: sendTimeout)
        let clock = ContinuousClock()
        let start = clock.now
        // The kernel queues net.unix.max_dgram_qlen (10 by default) datagrams, then sendto waits.
        var refused = false
        for _ in 0..<10_000 where !refused {
            refused = !notifier.notify(.watchdog)
        }
        #expect(refused)
        #expect(clock.now - start < .seconds(5))
        #expect(receiver.receive() == Array("WATCHDOG=1".utf8))
    }

    @Test func keepAlivePingsUntilCancelled() async throws {
        let receiver = try NotifyReceiver.bound(to: .path)
        let notifier = SystemdNotifier(socket: receiver.notifySocket)
        let watchdog = SystemdWatchdog(timeout: .milliseconds(20))
        let pinging = Task { await watchdog.keepAlive(notifier) }
        for _ in 0..<3 {
            #expect(await receiver.receiveWithoutBlocking() == Array("WATCHDOG=1".utf8))
        }
        pinging.cancel()
        await pinging.value  // returns: the loop stops on cancellation
    }
}

@Suite struct SystemdWatchdogTests {
    static let ourPID: Int32 = 4242

    @Test func watchdogUsecGivesTheTimeoutAndPingsComeAtHalfOfIt() throws {
        let watchdog = try #require(SystemdWatchdog(environment: ["WATCHDOG_USEC": "60000000"], processID: Self.ourPID))
        #expect(watchdog.timeout == .seconds(60))
        #expect(watchdog.pingInterval == .seconds(30))
    }

    @Test func aWatchdogPidThatIsOursEnablesIt() throws {
        let environment = ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "4242"]
        let watchdog = try #require(SystemdWatchdog(environment: environment, processID: Self.ourPID))
        #expect(watchdog.timeout == .milliseconds(1))
        #expect(watchdog.pingInterval == .microseconds(500))
    }

    @Test(arguments: ["4243", "1", "0", "-4242", "abc", "", " 4242"])
    func aWatchdogPidThatIsNotOursDisablesIt(pid: String) {
        #expect(SystemdWatchdog(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": pid], processID: Self.ourPID) == nil)
    }

    @Test(arguments: ["0", "", "-1", "abc", "60s", " 60000000", "18446744073709551615", "99999999999999999999"])
    func aWatchdogUsecThatIsNotAPositiveFiniteNumberDisablesIt(usec: String) {
        #expect(SystemdWatchdog(environment: ["WATCHDOG_USEC": usec], processID: Self.ourPID) == nil)
    }

    @Test func noWatchdogUsecMeansNoWatchdog() {
        #expect(SystemdWatchdog(environment: ["WATCHDOG_PID": "4242"], processID: Self.ourPID) == nil)
        #expect(SystemdWatchdog(environment: [:], processID: Self.ourPID) == nil)
    }
}

/// A bound AF_UNIX datagram socket playing systemd's part, removed on deinit.
private final class NotifyReceiver {
    enum Namespace { case path, abstract }

    let descriptor: Int32
    /// The value `$NOTIFY_SOCKET` would hold for it.
    let notifySocket: String
    private let directory: String?

    private init(descriptor: Int32, notifySocket: String, directory: String?) {
        self.descriptor = descriptor
        self.notifySocket = notifySocket
        self.directory = directory
    }

    static func bound(to namespace: Namespace) throws -> NotifyReceiver {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ReceiverError(step: "socket", code: errno) }
        var directory: String?
        var pathBytes: [UInt8]
        let notifySocket: String
        switch namespace {
        case .path:
            var template = Array("/tmp/offerbox-notify-XXXXXX".utf8CString)
            guard mkdtemp(&template) != nil else { close(descriptor); throw ReceiverError(step: "mkdtemp", code: errno) }
            let made = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            directory = made
            notifySocket = made + "/notify"
            pathBytes = Array(notifySocket.utf8) + [0]
        case .abstract:
            notifySocket = "@offerbox-notify-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            // By hand, per unix(7): a leading NUL, then the name, no terminating NUL.
            pathBytes = [0] + Array(notifySocket.utf8.dropFirst())
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { close(descriptor); throw ReceiverError(step: "bind", code: errno) }
        // A missing datagram fails the test after 5 s instead of hanging it.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return NotifyReceiver(descriptor: descriptor, notifySocket: notifySocket, directory: directory)
    }

    /// The next datagram, or nil after the timeout.
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? Array(buffer.prefix(count)) : nil
    }

    /// The next datagram, or nil after 5 s, polled so that the thread stays free for the tasks
    /// under test (the cooperative pool has only as many threads as cores).
    func receiveWithoutBlocking() async -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }

    deinit {
        close(descriptor)
        if let directory {
            unlink(notifySocket)
            rmdir(directory)
        }
    }
}

private struct ReceiverError: Error {
    let step: String
    let code: Int32
}
