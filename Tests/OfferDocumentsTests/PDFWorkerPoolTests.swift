import Foundation
import Glibc
@testable import OfferDocuments
import Testing

/// The daemon's side of offerbox-pdf-worker: a pool that reuses workers and replaces the ones that overrun or die.
@Suite(.serialized) struct PDFWorkerPoolTests {

    @Test func aPoolReadsEveryFixturePDFWithTwoWorkersAsPdftotextDoes() async throws {
        let pdfs = try PDFWorkerTests.fixturePDFs()
        let expected = try pdfs.map { try PDFWorkerTests.pdftotext($0).split(whereSeparator: \.isWhitespace) }
        let pool = PDFWorkerPool(program: PDFWorkerTests.worker, size: 2)
        // Two documents at a time, as the daemon analyses them; every answer checked.
        let outcomes = await withTaskGroup(of: [(Int, PDFWorkerPool.Outcome)].self) { group in
            for half in 0..<2 {
                group.addTask {
                    stride(from: half, to: pdfs.count, by: 2).map { ($0, pool.text(of: pdfs[$0], pages: 80, timeoutSeconds: 10)) }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(outcomes.count == pdfs.count)
        for (index, outcome) in outcomes {
            switch outcome {
            case .text(let text): #expect(text.split(whereSeparator: \.isWhitespace) == expected[index])
            case .locked: #expect(expected[index].isEmpty)
            case let other: Issue.record("document \(index): \(other)")
            }
        }
    }

    /// A worker that cannot start or confine itself is found out once, before any PDF: pdftotext is used instead.
    @Test func theSelfTestPassesTheRealWorkerAndNamesWhatIsWrongWithOthers() throws {
        #expect(PDFWorkerPool.selfTest(program: PDFWorkerTests.worker, memoryBytes: 256 << 20) == nil)
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-fake-worker-\(getpid())").path
        defer { unlink(fake) }
        try "#!/bin/sh\necho 'socket: ALLOWED'\n".write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let allowed = try #require(PDFWorkerPool.selfTest(program: fake, memoryBytes: 256 << 20))
        #expect(allowed.contains("socket: ALLOWED"), "\(allowed)")
        let missing = try #require(PDFWorkerPool.selfTest(program: "/nonexistent/offerbox-pdf-worker", memoryBytes: 256 << 20))
        #expect(missing == "it could not be started" || missing.contains("exited"), "\(missing)")
    }

    @Test func aWorkerThatOverrunsIsKilledAndTheNextDocumentGetsAFreshOne() throws {
        let pdf = try #require(try PDFWorkerTests.fixturePDFs().first)
        let pool = PDFWorkerPool(program: PDFWorkerTests.worker, size: 1)
        #expect(pool.text(of: pdf, pages: 80, timeoutSeconds: 0.000_001) == .timedOut)
        guard case .text = pool.text(of: pdf, pages: 80, timeoutSeconds: 10) else { Issue.record("no text after a timeout"); return }
    }

    @Test func aWorkerThatDiedIsReplacedAndTheDocumentTriedAgain() throws {
        let pdf = try #require(try PDFWorkerTests.fixturePDFs().first)
        let pool = PDFWorkerPool(program: PDFWorkerTests.worker, size: 1)
        guard case .text(let first) = pool.text(of: pdf, pages: 80, timeoutSeconds: 10) else { Issue.record("no text"); return }
        // Kill every worker of ours while it waits (as a poppler crash or the memory limit would).
        // (A child belongs to the thread that spawned it: every thread's list is read.)
        var killed = 0
        for thread in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") {
            let children = (try? String(contentsOfFile: "/proc/self/task/\(thread)/children", encoding: .utf8)) ?? ""
            for pid in children.split(separator: " ").compactMap({ Int32($0) }) where kill(pid, SIGKILL) == 0 { killed += 1 }
        }
        #expect(killed >= 1, "the pool's worker among them (other tests' pools may have theirs)")
        usleep(50_000)
        #expect(pool.text(of: pdf, pages: 80, timeoutSeconds: 10) == .text(first))
        #expect(PDFWorkerPool(program: "/nonexistent/worker").text(of: pdf, pages: 80, timeoutSeconds: 1) == .failed)
    }
}
