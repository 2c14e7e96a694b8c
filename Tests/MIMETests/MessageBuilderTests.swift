import Foundation
import MIME
import Testing

@Suite struct MessageBuilderTests {
    static func reply(subject: String, name: String?, text: String = "Thank you.") -> [UInt8] {
        var builder = MessageBuilder(
            from: .init(name: "ASToN Secretariat", address: "secretariat@example.org"),
            to: [.init(name: name, address: "applicant@example.org")],
            subject: subject,
            date: MessageDate(secondsSince1970: 1_655_720_100, utcOffsetMinutes: 60),
            messageID: "ack.1@offerbox.example.org",
            text: text)
        builder.inReplyTo = "abc@example.org"
        builder.references = ["first@example.org", "abc@example.org"]
        builder.extraFields = [("Auto-Submitted", "auto-replied")]
        return builder.build()
    }

    static func headerLines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        return header.components(separatedBy: "\r\n")
    }

    static let hostileTexts = [
        "Re: Offer\r\nBcc: victim@example.org",
        "Offre financière – Dakar, Sénégal",
        "عرض مالي للمدينة",
        "Proposta técnica ✅ versão final 🚀",
        "=?utf-8?q?not_an_encoded_word?=",
        String(repeating: "very long subject words ", count: 20),
        String(repeating: "é", count: 200),
        "tab\tand\u{0}nul and \u{7F} delete",
    ]

    @Test(arguments: hostileTexts)
    func anySubjectReadsBackExactlyWithoutAddingAHeader(subject: String) {
        let bytes = Self.reply(subject: subject, name: subject)
        let message = MessageParser().parse(bytes)
        let expected = HeaderEncoderExpectations.normalised(subject)
        #expect(message.envelope.subject == expected)
        #expect(message.envelope.to.first?.name == expected.trimmingSpaces)
        #expect(message.headers.all("Bcc").isEmpty)
        #expect(message.defects.isEmpty, "\(message.defects.names)")
    }

    @Test(arguments: hostileTexts)
    func everyHeaderLineIsASCIIAndAtMost78Characters(subject: String) {
        for line in Self.headerLines(Self.reply(subject: subject, name: subject)) {
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "\(line)")
            #expect(line.utf8.count <= 78, "\(line.utf8.count): \(line)")
        }
    }

    @Test func theMessageUsesCRLFOnly() {
        let bytes = Self.reply(subject: "x", name: nil, text: "line one\nline two\r\nline three\rend")
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D)
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A)
        }
    }

    @Test func theBodyReadsBackAsWrittenWithLinesOfAtMost76() {
        let text = "Dear Awa,\n\nWe received your offer: Offre financière.pdf (48 211 bytes).\n.\nFrom the Secretariat\n"
            + String(repeating: "a long line without any break at all ", count: 10) + "  \n"
        let bytes = Self.reply(subject: "x", name: nil, text: text)
        let message = MessageParser().parse(bytes)
        #expect(message.text == text)
        let body = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        for line in body.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasPrefix("."), "a line starting with a dot would be changed by SMTP dot-stuffing")
            #expect(!line.hasPrefix("From "))
        }
    }

    @Test func theThreadingFieldsAndTheDateAreWritten() {
        let message = MessageParser().parse(Self.reply(subject: "Re: Offer", name: "Awa Diallo"))
        #expect(message.envelope.messageID == "ack.1@offerbox.example.org")
        #expect(message.envelope.inReplyTo == "abc@example.org")
        #expect(message.envelope.references == ["first@example.org", "abc@example.org"])
        #expect(message.envelope.autoSubmitted == "auto-replied")
        #expect(message.headers.first("Date")?.valueText == "Mon, 20 Jun 2022 11:15:00 +0100")
        #expect(message.envelope.date?.secondsSince1970 == 1_655_720_100)
        #expect(message.envelope.from.first?.address == "secretariat@example.org")
    }

    @Test(arguments: [
        (Int64(0), 0, "Thu, 1 Jan 1970 00:00:00 +0000"),
        (Int64(1_656_370_800), 60, "Tue, 28 Jun 2022 00:00:00 +0100"),
        (Int64(951_782_400), -300, "Mon, 28 Feb 2000 19:00:00 -0500"),
        (Int64(-1), 0, "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func datesAreWrittenInRFC5322Form(seconds: Int64, offset: Int, expected: String) {
        #expect(MessageDate(secondsSince1970: seconds, utcOffsetMinutes: offset).rfc5322 == expected)
    }

    @Test func aNameWithQuotesAndCommasIsQuoted() {
        let mailbox = HeaderEncoder.mailbox(name: "Diallo, Awa \"AD\"", address: "awa@example.org")
        #expect(mailbox == "\"Diallo, Awa \\\"AD\\\"\" <awa@example.org>")
        var defects = DefectSet()
        let parsed = AddressParser.parseList(Array(mailbox.utf8), using: CharsetDecoder(), defects: &defects)
        #expect(parsed.map(\.name) == ["Diallo, Awa \"AD\""])
    }

    @Test func anAddressCannotCarryAnotherRecipient() {
        let mailbox = HeaderEncoder.mailbox(name: nil, address: "a@example.org>, <b@example.org")
        var defects = DefectSet()
        let parsed = AddressParser.parseList(Array(mailbox.utf8), using: CharsetDecoder(), defects: &defects)
        #expect(parsed.count == 1)
    }
}

enum HeaderEncoderExpectations {
    /// What a header can carry of a text: control characters become spaces, runs of spaces one space.
    static func normalised(_ text: String) -> String {
        let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        return spaced.split(separator: " ").joined(separator: " ")
    }
}

extension String {
    var trimmingSpaces: String { split(separator: " ").joined(separator: " ") }
}
