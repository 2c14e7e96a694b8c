import Foundation
import Glibc
@testable import OfferDocuments
import Testing

@Suite("The extractor child inherits no descriptor but its pipes")
struct SubprocessDescriptorTests {
    @Test("a descriptor opened without CLOEXEC in the daemon is closed in the child; the child sees 0, 1, 2 and its own")
    func onlyStandardDescriptors() throws {
        // Stands for the logged-in IMAP connection: open, inheritable.
        let leaked = open("/dev/null", O_RDONLY)
        try #require(leaked >= 0)
        defer { close(leaked) }
        // `ls` opens /proc/self/fd itself, so one more descriptor (3) is its own.
        let outcome = Subprocess.run(["/bin/ls", "/proc/self/fd"], input: [], timeoutSeconds: 30, maxOutputBytes: 1 << 16)
        #expect(outcome.exitStatus == 0)
        let seen = Set(String(decoding: outcome.output, as: UTF8.self).split(separator: "\n").compactMap { Int($0) })
        #expect(!seen.contains(Int(leaked)), "the child sees descriptor \(leaked): \(seen.sorted())")
        #expect(seen.isSuperset(of: [0, 1, 2]))
        #expect(seen.subtracting([0, 1, 2]).count <= 1, "the child sees \(seen.sorted())")
    }
}
