@testable import MailTransport
import Testing

/// The transport's own refusals of a URL with credentials never repeat them.
@Suite struct URLRedactionTests {
    @Test func anIMAPURLWithAPasswordIsRefusedWithoutShowingIt() {
        #expect {
            _ = try IMAPEndpoint(url: "imaps://user:hunter2-secret@mail.example.org/INBOX")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("REDACTED@mail.example.org") && !text.contains("hunter2")
        }
    }

    @Test(arguments: [
        ("imaps://user:pw@host/INBOX", "imaps://REDACTED@host/INBOX"),
        ("user:pw@host", "REDACTED@host"),
        ("smtps://host", "smtps://host"),
        ("imaps://a:b@c@host/x", "imaps://REDACTED@host/x"),
    ])
    func userinfoUpToTheLastAtIsHidden(url: String, shown: String) {
        #expect(URLRedaction.redacted(url) == shown)
    }
}
