import MIME
import Testing

@Suite("uuencoded files count as parts")
struct UUEncodedPartLimitTests {
    static func message(blocks: Int) -> [UInt8] {
        var raw = "From: a@example.org\r\nSubject: Files\r\nContent-Type: text/plain\r\n\r\nFiles below.\r\n"
        raw.reserveCapacity(blocks * 40 + 100)
        for index in 0..<blocks { raw += "begin 644 f\(index).txt\r\n#0V%T\r\n`\r\nend\r\n" }
        return Array(raw.utf8)
    }

    @Test("past maxPartCount no more uuencoded files are found, and the part-limit defect says so")
    func limitApplies() {
        var limits = ParserLimits()
        limits.maxPartCount = 10
        let message = MessageParser(limits: limits).parse(Self.message(blocks: 40))
        // The text part itself is one of the ten.
        #expect(message.root.uuencodedFiles.count == 9)
        #expect(message.defects.contains(.partCountLimit))
    }

    @Test("40,000 begin 644 blocks give at most 10,000 parts, parsed in bounded time")
    func fortyThousandBlocks() {
        let clock = ContinuousClock()
        var message: Message?
        let elapsed = clock.measure { message = MessageParser().parse(Self.message(blocks: 40_000)) }
        #expect((message?.root.uuencodedFiles.count ?? .max) < 10_000)
        #expect(message?.defects.contains(.partCountLimit) == true)
        // A wide hang guard: this takes well under a second in a release build.
        #expect(elapsed < .seconds(30))
    }
}
