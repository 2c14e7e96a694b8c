import Foundation
import OfferCore
import MIME
@testable import OfferboxService
import Testing

/// The reply templates are built into the binary: a configuration written from the contract alone
/// (no `[replies]` table) loads and answers every kind of offer; a folder named by
/// `[replies] templates` overrides the files it holds and nothing else.
@Suite struct BuiltInTemplatesTests {
    /// The TOML block of `CONTRACT.md`, verbatim but for the database, which goes to `database`.
    static func contractConfiguration(database: String) -> String {
        """
        [call]
        reference = "ASTON-2022"                      # prefix of offer ids
        title = "ASToN - Direct support for cities"
        deadline = 2022-06-27T23:00:00Z               # 27 June 2022, midnight CET (UTC+1)
        required_documents = ["letter_of_intent", "workplan", "financial_offer", "cv"]
        own_addresses = ["secretariat@example.org"]   # never answered; every mailbox username
                                                      # and the smtp `from` count as own too

        [[mailbox]]                                   # one or more
        url = "imaps://mail.example.org/INBOX"        # imaps://, or imap:// with STARTTLS required
        username = "secretariat@example.org"
        password_file = "/etc/offerbox/imap.secret"   # or password_env = "NAME"
        ca_file = "/etc/offerbox/ca.pem"              # optional; system CAs otherwise
        poll_interval_seconds = 60

        [smtp]
        url = "smtps://mail.example.org"              # smtps://, or smtp:// with STARTTLS required
        username = "secretariat@example.org"
        password_file = "/etc/offerbox/smtp.secret"
        ca_file = "/etc/offerbox/ca.pem"
        from = "ASToN Secretariat <secretariat@example.org>"

        [store]
        database = "\(database)"
        """
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let content = ReplyContent(
        applicantName: "Awa Diallo", offerID: "ASTON-2022-0007", callTitle: "ASToN - Direct support for cities",
        receivedUTC: "2022-06-20 10:15 UTC", receivedLocal: "2022-06-20 11:15 CET",
        deadlineUTC: "2022-06-27 23:00 UTC", deadlineLocal: "2022-06-28 00:00 CET", timeLeft: "7 days",
        documents: [.init(kind: "CV", filename: "CV Awa Diallo.pdf", size: "48 KB", sha256: String(repeating: "a", count: 64))],
        mails: [.init(sha256: String(repeating: "b", count: 64), receivedUTC: "2022-06-20 10:15 UTC", receivedLocal: "2022-06-20 11:15 CET")],
        missing: ["workplan proposal"], hostedLinks: [], notInEnglish: false)

    static func compose(_ composer: ReplyComposer, _ kind: ReplyKind, subject: String? = "Offer",
                        inReplyTo: String? = "abc@example.org") -> Message {
        MessageParser().parse(composer.compose(
            kind: kind, content: content, from: .init(name: "ASToN Secretariat", address: "secretariat@example.org"),
            to: .init(name: "Awa Diallo", address: "awa@example.org"), originalSubject: subject, inReplyTo: inReplyTo,
            references: [], messageID: "reply.1@example.org", date: MessageDate(secondsSince1970: 1_655_720_100, utcOffsetMinutes: 60)))
    }

    @Test func theContractsOwnConfigurationLoadsAndAnswersEveryKind() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("offerbox.toml").path
        try Data(Self.contractConfiguration(database: directory.appendingPathComponent("offers.sqlite").path).utf8)
            .write(to: URL(fileURLWithPath: path))
        let loaded = try Configuration.load(path: path)
        #expect(loaded.configuration.replies.templates == nil)
        #expect(loaded.warnings.isEmpty)

        let composer = try ReplyComposer(overrides: loaded.configuration.replies.templates)
        #expect(composer.overridden.isEmpty)
        for kind in ReplyKind.allCases {
            let message = Self.compose(composer, kind)
            #expect(message.envelope.subject == "Re: Offer")
            #expect(message.envelope.inReplyTo == "abc@example.org")
            let text = try #require(message.text, "\(kind)")
            #expect(text.hasPrefix("Dear Awa Diallo,"), "\(kind): \(text.prefix(80))")
            #expect(text.contains("ASTON-2022-0007"), "\(kind)")
            #expect(!text.contains("{{"), "\(kind): a tag was left unrendered")
        }
        // Each kind says something of its own.
        let texts = ReplyKind.allCases.map { Self.compose(composer, $0).text ?? "" }
        #expect(Set(texts).count == ReplyKind.allCases.count)
    }

    @Test func aFileInTheOverrideFolderReplacesOnlyItsTemplate() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let late = directory.appendingPathComponent("late.mustache")
        try Data("Too late, {{applicant_name}}: {{offer_id}}.\n".utf8).write(to: late)
        let composer = try ReplyComposer(overrides: directory.path)
        #expect(composer.overridden == [.late: late.path])
        #expect(Self.compose(composer, .late).text == "Too late, Awa Diallo: ASTON-2022-0007.\n")
        #expect(Self.compose(composer, .acknowledgment).text == Self.compose(try ReplyComposer(), .acknowledgment).text)
    }

    @Test func aMissingOverrideFolderIsAnError() {
        #expect(throws: ReplyComposer.TemplateError.self) { try ReplyComposer(overrides: "/nonexistent/offerbox-templates") }
    }

    @Test func aBrokenOverrideIsAnErrorNamingItsFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("incomplete.mustache")
        try Data("{{#missing}} never closed".utf8).write(to: file)
        #expect {
            _ = try ReplyComposer(overrides: directory.path)
        } throws: { error in
            "\(error)".hasPrefix(file.path)
        }
    }

    /// The composer's replies keep the builder's header limits for a hostile original message.
    @Test func aHostileSubjectAndMessageIDStillGiveShortHeaderLinesThatReadBack() throws {
        let word = String(repeating: "x", count: 1_500)
        let id = String(repeating: "a", count: 3_000) + "@example.org"
        let composer = try ReplyComposer()
        let bytes = composer.compose(
            kind: .acknowledgment, content: Self.content, from: .init(name: "ASToN Secretariat", address: "secretariat@example.org"),
            to: .init(name: "Awa Diallo", address: "awa@example.org"), originalSubject: word, inReplyTo: id,
            references: ["first@example.org"], messageID: "reply.1@example.org",
            date: MessageDate(secondsSince1970: 1_655_720_100, utcOffsetMinutes: 60))
        let header = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        for line in header.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998, "\(line.utf8.count) octets") }
        let message = MessageParser().parse(bytes)
        #expect(message.envelope.subject == "Re: " + word)
        #expect(message.envelope.references == ["first@example.org"])
        #expect(message.envelope.inReplyTo == nil)
    }

    /// Another call runs by its configuration alone: the replies speak in the name of `smtp.from`.
    @Test(arguments: ReplyKind.allCases)
    func everyReplySpeaksInTheNameItIsSentFrom(kind: ReplyKind) throws {
        let text = MessageParser().parse(try ReplyComposer().compose(
            kind: kind, content: Self.content, from: .init(name: "City Lab Secretariat", address: "calls@citylab.example"),
            to: .init(name: "Awa Diallo", address: "awa@example.org"), originalSubject: "Offer", inReplyTo: nil,
            references: [], messageID: "reply.2@example.org", date: MessageDate(secondsSince1970: 1_655_720_100, utcOffsetMinutes: 60))).text ?? ""
        #expect(text.contains("City Lab Secretariat"))
        #expect(!text.contains("ASToN Secretariat"))
    }
}
