import Glibc
import Synchronization

/// The text of PDFs from long-lived `offerbox-pdf-worker` processes (issue 11): poppler runs in
/// them, never here, and a PDF costs its reading, not a process start.
///
/// Each worker is used by one document at a time, and at most `size` are kept between documents
/// (the callers, holding the reading slots, are never more). A document has a deadline: a
/// worker that overruns it is killed (SIGKILL) and replaced at the next document. A worker that
/// dies (a poppler crash, its memory limit) is replaced too, and the document is tried once more
/// in a fresh worker; if that one dies as well, the document is unreadable. A worker is also
/// replaced after `documentsPerWorker` documents, so that no heap grows for ever.
///
/// The daemon and `parse` use the installed worker (``installed``); without one, pdftotext runs per PDF.
public final class PDFWorkerPool: Sendable {
    public let program: String
    public let size: Int
    public let memoryBytes: Int
    public let documentsPerWorker: Int
    private let idle = Mutex<[Worker]>([])

    struct Worker: Sendable {
        var child: Subprocess.Child
        var documents = 0
    }

    public enum Outcome: Sendable, Equatable {
        case text(String)
        case locked
        case unreadable
        case timedOut
        /// The worker died on this document twice, or could not be started.
        case failed
    }

    /// Whether this process has a worker to use, and why not.
    public enum Installation: Sendable, Equatable {
        /// No worker beside the executable and none named: PDFs are read by pdftotext.
        case absent
        /// The worker passed its self-test: it starts, loads poppler and confines itself.
        case ready(program: String)
        /// A worker is there but did not pass (a library missing, its sandbox refused): pdftotext is used.
        case failedSelfTest(program: String, reason: String)
    }

    /// The worker named by `OFFERBOX_PDF_WORKER`, else `offerbox-pdf-worker` beside the running
    /// executable, checked once: a worker that cannot start would otherwise make every PDF unreadable.
    public static let installation: Installation = {
        let named = getenv("OFFERBOX_PDF_WORKER").map { String(cString: $0) }
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        let executable = length > 0 ? String(decoding: path[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let sibling = executable.isEmpty ? nil : String(executable[..<(executable.lastIndex(of: "/") ?? executable.startIndex)]) + "/offerbox-pdf-worker"
        guard let program = named ?? sibling, !program.isEmpty, access(program, X_OK) == 0 else { return .absent }
        if let reason = selfTest(program: program, memoryBytes: defaultMemoryBytes) { return .failedSelfTest(program: program, reason: reason) }
        return .ready(program: program)
    }()

    /// The process's pool when its worker is ready; nil otherwise (pdftotext is used).
    public static let installed: PDFWorkerPool? = {
        guard case .ready(let program) = installation else { return nil }
        return PDFWorkerPool(program: program)
    }()

    /// The address space a worker may take (its `--memory=`).
    public static let defaultMemoryBytes = 256 << 20

    /// Runs the worker's `--self-test-sandbox` with the limits it will have: nil when it confines
    /// itself and refuses a socket, else what went wrong.
    static func selfTest(program: String, memoryBytes: Int) -> String? {
        let outcome = Subprocess.run([program, "--memory=\(memoryBytes)", "--self-test-sandbox"], input: [], timeoutSeconds: 10,
                                     maxOutputBytes: 4096)
        if outcome.failedToStart { return "it could not be started" }
        if outcome.timedOut { return "its self-test did not finish within 10 s" }
        let said = String(decoding: outcome.output, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard outcome.exitStatus == 0, said == "socket: refused" else {
            return "its self-test exited \(outcome.exitStatus.map(String.init) ?? "on a signal") saying \"\(said.prefix(200))\""
        }
        // Then a real reading, confined as every reading is: a worker that starts but dies on
        // poppler's work (a system call its environment refuses) would fail every PDF.
        guard let child = Subprocess.spawn(program, [program, "--memory=\(memoryBytes)"]) else { return "it could not be started" }
        let answer = exchange(child, pdf: selfTestPDF, pages: 1, deadline: Subprocess.monotonicSeconds() + 10)
        stop(Worker(child: child))
        switch answer {
        case .answered(status: 0, text: let text) where text.contains("offerbox self-test"): return nil
        case .answered(status: let status, text: let text): return "it read a test PDF as status \(status), \"\(text.prefix(80))\""
        case .timedOut: return "it did not read a test PDF within 10 s"
        case .died: return "it died reading a test PDF"
        }
    }

    /// A one-page PDF saying `offerbox self-test`, its cross-reference table computed.
    static let selfTestPDF: [UInt8] = {
        let content = "BT /F1 10 Tf 10 20 Td (offerbox self-test) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            pdf += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(pdf.utf8)
    }()

    public init(program: String, size: Int = 2, memoryBytes: Int = defaultMemoryBytes, documentsPerWorker: Int = 500) {
        self.program = program
        self.size = size
        self.memoryBytes = memoryBytes
        self.documentsPerWorker = documentsPerWorker
    }

    deinit {
        for worker in idle.withLock({ $0 }) { Self.stop(worker) }
    }

    /// The text of `pdf` (its first `pages` pages), within `timeoutSeconds`.
    public func text(of pdf: [UInt8], pages: Int, timeoutSeconds: Double) -> Outcome {
        let deadline = Subprocess.monotonicSeconds() + timeoutSeconds
        for attempt in 0..<2 {
            guard var worker = take() else { return .failed }
            let result = Self.exchange(worker.child, pdf: pdf, pages: pages, deadline: deadline)
            switch result {
            case .answered(let status, let text):
                worker.documents += 1
                give(back: worker)
                switch status {
                case 0: return .text(text)
                case 1: return .locked
                default: return .unreadable
                }
            case .timedOut:
                Self.stop(worker)
                return .timedOut
            case .died:
                Self.stop(worker)
                if attempt == 1 || Subprocess.monotonicSeconds() >= deadline { return .failed }
            }
        }
        return .failed
    }

    /// An idle worker, or a new one; nil when none can be started.
    private func take() -> Worker? {
        if let worker = idle.withLock({ $0.popLast() }) { return worker }
        return Subprocess.spawn(program, [program, "--memory=\(memoryBytes)"]).map { Worker(child: $0) }
    }

    /// Keeps `worker` for the next document, unless it has read its share or `size` are kept already.
    private func give(back worker: Worker) {
        let kept = worker.documents < documentsPerWorker && idle.withLock { idle in
            guard idle.count < size else { return false }
            idle.append(worker)
            return true
        }
        if !kept { Self.stop(worker) }
    }

    private static func stop(_ worker: Worker) {
        kill(worker.child.pid, SIGKILL)
        close(worker.child.writeFD)
        close(worker.child.readFD)
        var status: Int32 = 0
        while waitpid(worker.child.pid, &status, 0) < 0 && errno == EINTR {}
    }

    enum Exchange { case answered(status: UInt8, text: String), timedOut, died }

    /// One request and its answer, every step against `deadline`.
    static func exchange(_ child: Subprocess.Child, pdf: [UInt8], pages: Int, deadline: Double) -> Exchange {
        // The header, then the PDF as it is (megabytes, not copied into one request).
        for part in [bigEndian(UInt32(clamping: pdf.count)) + bigEndian(UInt32(clamping: pages)), pdf] {
            switch transfer(child.writeFD, writing: part, deadline: deadline) {
            case .timedOut: return .timedOut
            case .closed: return .died
            case .done: continue
            }
        }
        var header = [UInt8](repeating: 0, count: 5)
        switch transfer(child.readFD, reading: &header, deadline: deadline) {
        case .timedOut: return .timedOut
        case .closed: return .died
        case .done: break
        }
        let length = header[1...].reduce(0) { $0 << 8 | Int($1) }
        guard length <= 8 << 20 else { return .died }
        var text = [UInt8](repeating: 0, count: length)
        switch transfer(child.readFD, reading: &text, deadline: deadline) {
        case .timedOut: return .timedOut
        case .closed: return .died
        case .done: return .answered(status: header[0], text: String(decoding: text, as: UTF8.self))
        }
    }

    enum Transfer { case done, timedOut, closed }

    private static func transfer(_ fd: Int32, writing bytes: [UInt8], deadline: Double) -> Transfer {
        var sent = 0
        while sent < bytes.count {
            guard let ready = wait(fd, for: Int16(POLLOUT), deadline: deadline) else { return .timedOut }
            guard ready else { return .closed }
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, min($0.count - sent, 256 * 1024), Int32(MSG_NOSIGNAL)) }
            if count > 0 { sent += count } else if count < 0 && errno != EAGAIN && errno != EINTR { return .closed }
        }
        return .done
    }

    private static func transfer(_ fd: Int32, reading bytes: inout [UInt8], deadline: Double) -> Transfer {
        var received = 0
        while received < bytes.count {
            guard let ready = wait(fd, for: Int16(POLLIN), deadline: deadline) else { return .timedOut }
            guard ready else { return .closed }
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + received, $0.count - received) }
            if count > 0 { received += count } else if count == 0 || (errno != EAGAIN && errno != EINTR) { return .closed }
        }
        return .done
    }

    /// Waits for `events` on `fd`: true when ready, false when the other end is gone, nil past the deadline.
    private static func wait(_ fd: Int32, for events: Int16, deadline: Double) -> Bool? {
        while true {
            let remaining = deadline - Subprocess.monotonicSeconds()
            guard remaining > 0 else { return nil }
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { return false }
            if ready == 0 { continue }
            if descriptor.revents & events != 0 { return true }
            if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return false }
        }
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
