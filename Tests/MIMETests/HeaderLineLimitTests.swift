import MIME
import Testing

/// RFC 5322 section 2.1.1: no line of a reply's header may pass 998 octets, whatever the applicant
/// put in the subject, their name, their address or the Message-ID we answer; the built bytes are
/// checked, then read back with our own parser.
@Suite struct HeaderLineLimitTests {
    static let longWord = String(repeating: "x", count: 1_500)
    static let longID = String(repeating: "a", count: 3_000) + "@example.org"

    static func build(subject: String, name: String? = "Awa Diallo", address: String = "applicant@example.org",
                      inReplyTo: String?, references: [String]) -> [UInt8] {
        var builder = MessageBuilder(
            from: .init(name: "ASToN Secretariat", address: "secretariat@example.org"),
            to: [.init(name: name, address: address)],
            subject: subject,
            date: MessageDate(secondsSince1970: 1_655_720_100, utcOffsetMinutes: 60),
            messageID: "ack.1@offerbox.example.org",
            text: "Thank you.")
        builder.inReplyTo = inReplyTo
        builder.references = references
        builder.extraFields = [("Auto-Submitted", "auto-replied")]
        return builder.build()
    }

    /// The header's physical lines, CRLF removed.
    static func headerLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D, bytes[index + 1] == 0x0A {
                if current.isEmpty { break }  // the empty line that ends the header
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        return lines
    }

    static func expectShortLines(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = headerLines(bytes)
        #expect(lines.count >= 8, sourceLocation: sourceLocation)
        for line in lines {
            #expect(line.count <= 998, "\(line.count) octets: \(String(decoding: line.prefix(60), as: UTF8.self))…", sourceLocation: sourceLocation)
            // Folding can keep these within 78 too: every piece is an encoded word or a short id.
            #expect(line.count <= 78, "\(line.count) octets: \(String(decoding: line.prefix(60), as: UTF8.self))…", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        longWord,
        "Re: Offer " + longWord + " for Dakar",
        "Re: " + longWord + " " + longWord,
        "Offre " + String(repeating: "é", count: 1_500),
        // One character of 3,001 bytes: a letter with 1,500 combining accents.
        "Offer e" + String(repeating: "\u{301}", count: 1_500),
        "Re: " + String(repeating: "\"quoted,\" ", count: 200),
    ])
    func aLongSubjectIsSplitIntoEncodedWordsAndReadsBack(subject: String) {
        let bytes = Self.build(subject: subject, inReplyTo: "abc@example.org", references: ["abc@example.org"])
        Self.expectShortLines(bytes)
        let message = MessageParser().parse(bytes)
        #expect(message.envelope.subject == HeaderEncoderExpectations.normalised(subject))
        #expect(message.defects.isEmpty, "\(message.defects.names)")
    }

    @Test func aLongNameIsEncodedAndReadsBack() {
        for name in [Self.longWord, "Diallo, " + Self.longWord, String(repeating: "Awa ", count: 400)] {
            let bytes = Self.build(subject: "Re: Offer", name: name, inReplyTo: nil, references: [])
            Self.expectShortLines(bytes)
            let message = MessageParser().parse(bytes)
            #expect(message.envelope.to.first?.name == name.trimmingSpaces)
            #expect(message.envelope.to.first?.address == "applicant@example.org")
        }
    }

    @Test func aMessageIDTooLongForALineIsLeftOutAndTheRestStillThreads() {
        let bytes = Self.build(subject: "Re: Offer", inReplyTo: Self.longID,
                               references: ["first@example.org", Self.longID, "second@example.org"])
        for line in Self.headerLines(bytes) { #expect(line.count <= 998, "\(line.count) octets") }
        let message = MessageParser().parse(bytes)
        #expect(message.envelope.inReplyTo == nil)
        #expect(message.headers.all("In-Reply-To").isEmpty, "no empty In-Reply-To is written")
        #expect(message.envelope.references == ["first@example.org", "second@example.org"])
        #expect(message.envelope.messageID == "ack.1@offerbox.example.org")
        #expect(message.envelope.subject == "Re: Offer")
    }

    @Test func anIDThatFitsALineIsKeptEvenWhenLongerThan78() {
        let id = String(repeating: "b", count: 900) + "@example.org"
        let bytes = Self.build(subject: "Re: Offer", inReplyTo: id, references: [id])
        for line in Self.headerLines(bytes) { #expect(line.count <= 998) }
        let message = MessageParser().parse(bytes)
        #expect(message.envelope.inReplyTo == id)
        #expect(message.envelope.references == [id])
    }

    @Test func anAddressTooLongForALineLeavesAnEmptyGroup() {
        let address = String(repeating: "c", count: 3_000) + "@example.org"
        let bytes = Self.build(subject: "Re: Offer", address: address, inReplyTo: nil, references: [])
        for line in Self.headerLines(bytes) { #expect(line.count <= 998) }
        let message = MessageParser().parse(bytes)
        #expect(message.headers.first("To")?.valueText == "undisclosed-recipients:;")
        #expect(message.envelope.to.isEmpty)
    }
}
