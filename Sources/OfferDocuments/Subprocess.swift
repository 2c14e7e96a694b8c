import Glibc

/// Runs a program with bytes on its standard input and collects its standard output, with a
/// wall-clock deadline after which the child gets SIGKILL.
///
/// posix_spawn, not Foundation's Process: no threads, and the input goes through a socket pair
/// written with MSG_NOSIGNAL, so a child that exits early cannot kill us with SIGPIPE. Standard
/// error goes to /dev/null. The child gets a minimal environment and no descriptor but its three:
/// whatever the daemon has open without CLOEXEC (the logged-in IMAP connection, the database, a
/// library's own) is closed in the child, which reads hostile bytes.
struct Subprocess {
    struct Outcome {
        var output: [UInt8]
        /// Exit status when the child exited normally.
        var exitStatus: Int32?
        var timedOut: Bool
        var outputTruncated: Bool
        var failedToStart: Bool
    }

    static func run(_ arguments: [String], input: [UInt8], timeoutSeconds: Double, maxOutputBytes: Int) -> Outcome {
        guard let program = arguments.first, let child = spawn(program, arguments) else {
            return Outcome(output: [], exitStatus: nil, timedOut: false, outputTruncated: false, failedToStart: true)
        }
        let deadline = monotonicSeconds() + timeoutSeconds
        let outcome = exchange(with: child, input: input, deadline: deadline, maxOutputBytes: maxOutputBytes)
        close(child.writeFD)
        close(child.readFD)
        return reap(child.pid, outcome, deadline: deadline)
    }

    /// A started child: its pid, and our (non-blocking) ends of its standard input and output.
    struct Child: Sendable {
        let pid: pid_t
        let writeFD: Int32
        let readFD: Int32
    }

    /// Starts `program` with its input on a socket pair and its output on a pipe, or nil (every
    /// descriptor closed again) when it cannot be started.
    static func spawn(_ program: String, _ arguments: [String]) -> Child? {
        var inputPair: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &inputPair) == 0 else { return nil }
        guard pipe(&outputPipe) == 0 else {
            close(inputPair[0]); close(inputPair[1])
            return nil
        }
        for fd in outputPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The child reads inputPair[1] and writes outputPipe[1].
        shutdown(inputPair[1], Int32(SHUT_WR))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        addStandardDescriptors(&actions, input: inputPair[1], output: outputPipe[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        setDefaultSignals(&attributes)

        let environment = ["PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=/nonexistent"]
        var pid: pid_t = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                posix_spawn(&pid, program, &actions, &attributes, argv, envp)
            }
        }
        close(inputPair[1])
        close(outputPipe[1])
        guard status == 0 else {
            close(inputPair[0]); close(outputPipe[0])
            return nil
        }
        let writeFD = inputPair[0], readFD = outputPipe[0]
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
        return Child(pid: pid, writeFD: writeFD, readFD: readFD)
    }

    /// The child's descriptors: `input` as 0, `output` as 1, /dev/null as 2, and no other.
    private static func addStandardDescriptors(_ actions: inout posix_spawn_file_actions_t, input: Int32, output: Int32) {
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        Self.closeAllButStandard(&actions)
    }

    /// Default signal dispositions in the child (SIGPIPE may be ignored here).
    private static func setDefaultSignals(_ attributes: inout posix_spawnattr_t) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    }

    /// Writes `input` to the child while reading its output, until the child closes its output,
    /// the deadline passes, or the output outgrows `maxOutputBytes`. One poll for both, so that a
    /// child that writes before it has read everything cannot deadlock us.
    private static func exchange(with child: Child, input: [UInt8], deadline: Double, maxOutputBytes: Int) -> Outcome {
        var outcome = Outcome(output: [], exitStatus: nil, timedOut: false, outputTruncated: false, failedToStart: false)
        var written = 0
        var writeOpen = true
        var readOpen = true
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        if input.isEmpty { shutdown(child.writeFD, Int32(SHUT_WR)); writeOpen = false }
        while readOpen {
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 { outcome.timedOut = true; break }
            var fds: [pollfd] = [pollfd(fd: child.readFD, events: Int16(POLLIN), revents: 0)]
            if writeOpen { fds.append(pollfd(fd: child.writeFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 && errno != EINTR { break }
            if writeOpen, fds.count > 1, fds[1].revents != 0 {
                writeOpen = writeInput(input, written: &written, to: child.writeFD, revents: fds[1].revents)
            }
            if fds[0].revents != 0 {
                readOpen = readOutput(from: child.readFD, buffer: &buffer, into: &outcome, maxOutputBytes: maxOutputBytes)
            }
        }
        return outcome
    }

    /// Sends the next slice of `input` when the child can take it. False once all of it is sent or
    /// the child stopped reading; our end is then shut for writing, so the child sees the end.
    private static func writeInput(_ input: [UInt8], written: inout Int, to fd: Int32, revents: Int16) -> Bool {
        var open = true
        if revents & Int16(POLLOUT) != 0 {
            let sent = input.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + written, min(raw.count - written, 256 * 1024), Int32(MSG_NOSIGNAL))
            }
            if sent > 0 { written += sent } else if sent < 0 && errno != EAGAIN && errno != EINTR { open = false }
        } else {
            open = false   // POLLERR / POLLHUP: the child stopped reading
        }
        if written >= input.count { open = false }
        if !open { shutdown(fd, Int32(SHUT_WR)) }
        return open
    }

    /// Appends what the child wrote to `outcome`, at most `maxOutputBytes` in all. False when its
    /// output is closed or failed, or when it outgrew the limit (``Outcome/outputTruncated``).
    private static func readOutput(from fd: Int32, buffer: inout [UInt8], into outcome: inout Outcome, maxOutputBytes: Int) -> Bool {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if count > 0 {
            let room = maxOutputBytes - outcome.output.count
            outcome.output.append(contentsOf: buffer[0..<min(count, max(0, room))])
            if count > room {
                outcome.outputTruncated = true
                return false
            }
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            return false
        }
        return true
    }

    /// Reaps the child: it has until the deadline to exit, then SIGKILL (at once when it timed out
    /// or wrote too much). The exit status is kept when it exited normally.
    private static func reap(_ pid: pid_t, _ outcome: Outcome, deadline: Double) -> Outcome {
        var outcome = outcome
        var waitStatus: Int32 = 0
        while true {
            let result = waitpid(pid, &waitStatus, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { break }
            if outcome.timedOut || outcome.outputTruncated || monotonicSeconds() >= deadline {
                if !outcome.outputTruncated { outcome.timedOut = true }
                kill(pid, SIGKILL)
                _ = waitpid(pid, &waitStatus, 0)
                return outcome
            }
            usleep(2000)
        }
        if waitStatus & 0x7F == 0 { outcome.exitStatus = (waitStatus >> 8) & 0xFF }
        return outcome
    }

    /// Adds "close every descriptor from 3 up" to the child's file actions (after the dup2s, which
    /// keep their targets 0, 1 and 2): with glibc's closefrom action (2.34+), else by closing each
    /// descriptor open now (one opened by another thread before the spawn may then slip through).
    private static func closeAllButStandard(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom, addCloseFrom(&actions, 3) == 0 { return }
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd > 2, fd != own { posix_spawn_file_actions_addclose(&actions, fd) }
        }
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np`, looked up at run time: Swift's Glibc module does not
    /// declare it (glibc guards it with __USE_MISC).
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// A NULL-terminated C array of the strings, alive for the duration of `body`.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
