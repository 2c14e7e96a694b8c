import OfferboxService
import Testing

/// A password typed into a server URL is refused, and neither the refusal nor any warning repeats it.
@Suite struct ConfigurationSecretsInURLTests {
    static func configuration(mailboxURL: String, smtpURL: String = "smtps://mail.example.org", plaintext: Bool = false) -> String {
        """
        [call]
        reference = "X"
        title = "X"
        deadline = 2022-06-27T23:00:00Z
        [[mailbox]]
        url = "\(mailboxURL)"
        username = "u"
        password_file = "/p"
        allow_plaintext = \(plaintext)
        [smtp]
        url = "\(smtpURL)"
        from = "x@example.org"
        allow_plaintext = \(plaintext)
        """
    }

    @Test(arguments: [
        "imaps://user:hunter2-secret@mail.example.org/INBOX",
        "imap://user:hunter2-secret@mail.example.org/INBOX",
        "imaps://user:hunter2/secret@mail.example.org/INBOX",
        "imaps://hunter2-secret@mail.example.org/INBOX",
        "pop3://user:hunter2-secret@mail.example.org/INBOX",
    ])
    func aMailboxURLWithAPasswordIsRefusedWithoutShowingIt(url: String) {
        #expect {
            _ = try Configuration.parse(Self.configuration(mailboxURL: url), file: "inline.toml")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("mailbox[1].url") && !text.contains("hunter2") && text.contains("REDACTED@mail.example.org")
        }
    }

    @Test func anSMTPURLWithAPasswordIsRefusedWithoutShowingIt() {
        #expect {
            _ = try Configuration.parse(Self.configuration(mailboxURL: "imaps://mail.example.org/INBOX",
                                                           smtpURL: "smtps://user:hunter2-secret@mail.example.org"), file: "inline.toml")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("smtp.url") && !text.contains("hunter2")
        }
    }

    @Test func thePlaintextWarningNamesTheHostAndCountsOnlyRealLoopback() throws {
        let evil = try Configuration.parse(Self.configuration(mailboxURL: "imap://127.evil.example/INBOX",
                                                              smtpURL: "smtp://localhost.evil.example", plaintext: true), file: "inline.toml")
        #expect(evil.warnings.count == 2, "\(evil.warnings)")
        #expect(evil.warnings.first?.contains("127.evil.example") == true)
        let local = try Configuration.parse(Self.configuration(mailboxURL: "imap://127.0.0.1:10143/INBOX",
                                                               smtpURL: "smtp://[::1]:10025", plaintext: true), file: "inline.toml")
        #expect(local.warnings.isEmpty, "\(local.warnings)")
    }
}
