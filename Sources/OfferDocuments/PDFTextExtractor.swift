import Glibc
import MIME

/// The text layer of a PDF, through the configured ``ExternalExtractor`` (pdftotext in a capped child).
struct PDFTextExtractor {
    let extractor: ExternalExtractor
    /// Used instead of `extractor` when set: the same poppler, without a process per PDF.
    var worker: PDFWorkerPool? = nil

    static func isPDF(_ bytes: [UInt8]) -> Bool {
        // `%PDF-` within the first KB (some writers put junk before it).
        let head = bytes.prefix(1024)
        let needle = Array("%PDF-".utf8)
        guard head.count >= needle.count else { return false }
        for start in head.startIndex...(head.endIndex - needle.count) where head[start] == needle[0] {
            if head[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Whether the trailer names an encryption dictionary (`/Encrypt`): then "no text" means "locked", not "scan".
    static func isEncrypted(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let needle = Self.encryptName
            guard let base = buffer.baseAddress, buffer.count >= needle.count else { return false }
            var index = max(0, buffer.count - 64 * 1024)
            let last = buffer.count - needle.count
            while index <= last, let hit = memchr(base + index, 0x2F, last - index + 1) {
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var k = 1
                while k < needle.count, buffer[position + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
                index = position + 1
            }
            return false
        }
    }

    private static let encryptName = Array("/Encrypt".utf8)

    struct Result {
        var text: String?
        var note: String?
        var defect: Defect?

        /// What both readers (pdftotext, the workers) say of an encrypted PDF.
        static let encrypted = Result(text: nil, note: "encrypted PDF: no readable text", defect: nil)
    }

    /// A reader stopped at `timeoutSeconds`: the message's time spent, or the reader's own timeout.
    private func timedOut(_ timeoutSeconds: Double) -> Result {
        guard timeoutSeconds >= extractor.timeoutSeconds else {
            return Result(text: nil, note: "the PDF reader was stopped when the time for reading this message's files was spent",
                          defect: .extractorBudgetExhausted)
        }
        return Result(text: nil, note: "the PDF reader ran past \(Int(extractor.timeoutSeconds)) s and was stopped", defect: .extractorTimeout)
    }

    /// `timeoutSeconds`: the extractor's own timeout, or less when the message's time is running out.
    func text(of bytes: [UInt8], timeoutSeconds: Double) -> Result {
        if let worker { return text(of: bytes, timeoutSeconds: timeoutSeconds, worker: worker) }
        let outcome = Subprocess.run(extractor.arguments, input: bytes, timeoutSeconds: timeoutSeconds,
                                     maxOutputBytes: extractor.maxOutputBytes)
        if outcome.failedToStart {
            return Result(text: nil, note: "the PDF reader could not be started", defect: .extractorFailed)
        }
        if outcome.timedOut { return timedOut(timeoutSeconds) }
        let text = String(decoding: outcome.output, as: UTF8.self)
        if outcome.exitStatus != 0 && text.isEmpty {
            if Self.isEncrypted(bytes) { return .encrypted }
            return Result(text: nil, note: "the PDF reader failed (exit \(outcome.exitStatus.map(String.init) ?? "signal"))", defect: .extractorFailed)
        }
        return Result(text: text, note: outcome.outputTruncated ? "text cut at \(extractor.maxOutputBytes) bytes" : nil, defect: nil)
    }

    /// The same answers as pdftotext's, from a worker: what the classifier and the notes see does
    /// not depend on which reads the PDF.
    private func text(of bytes: [UInt8], timeoutSeconds: Double, worker: PDFWorkerPool) -> Result {
        switch worker.text(of: bytes, pages: extractor.pages, timeoutSeconds: timeoutSeconds) {
        case .text(let text): return Result(text: text, note: nil, defect: nil)
        case .locked: return .encrypted
        case .unreadable:
            if Self.isEncrypted(bytes) { return .encrypted }
            return Result(text: nil, note: "the PDF reader failed (not a readable PDF)", defect: .extractorFailed)
        case .timedOut: return timedOut(timeoutSeconds)
        case .failed:
            return Result(text: nil, note: "the PDF reader failed (its process died twice on this file)", defect: .extractorFailed)
        }
    }
}
