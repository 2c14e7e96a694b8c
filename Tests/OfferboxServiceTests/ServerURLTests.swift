@testable import OfferboxService
import Testing

/// What the configuration reads from a server URL: the host, whether it is loopback (the plaintext
/// warning), and never the secret an operator may have typed into it.
@Suite struct ServerURLTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.255.254", true), ("127.0.0.2", true), ("::1", true),
        ("localhost", true), ("LocalHost", true),
        ("127.evil.example", false), ("127.0.0.1.evil.example", false), ("localhost.evil.example", false),
        ("evil-localhost", false), ("127.1", false), ("127.0.0.01", false), ("127.0.0.256", false),
        ("0127.0.0.1", false), ("128.0.0.1", false), ("10.0.0.1", false), ("::2", false), ("0:0:0:0:0:0:0:1", false),
        ("", false), ("127.0.0.", false), ("mail.example.org", false),
    ])
    func loopbackIsOnlyTheLiteralsAndLocalhost(host: String, loopback: Bool) {
        #expect(ServerURL.isLoopbackHost(host) == loopback, "\(host)")
    }

    @Test(arguments: [
        ("imap://127.0.0.1:10143/INBOX", true), ("imap://[::1]:10143/INBOX", true), ("smtp://localhost:25", true),
        ("imap://127.evil.example/INBOX", false), ("smtp://127.0.0.1.nip.io", false), ("imap://::1/INBOX", false),
    ])
    func loopbackURLs(url: String, loopback: Bool) {
        #expect(ServerURL.isLoopback(url) == loopback, "\(url)")
    }

    @Test(arguments: [
        ("imaps://user:secret@mail.example.org/INBOX", "imaps://REDACTED@mail.example.org/INBOX"),
        ("imaps://user@mail.example.org/INBOX", "imaps://REDACTED@mail.example.org/INBOX"),
        ("smtps://u:p@ss/w@rd@mail.example.org", "smtps://REDACTED@mail.example.org"),
        ("imaps://mail.example.org/INBOX", "imaps://mail.example.org/INBOX"),
    ])
    func userinfoIsRedacted(url: String, shown: String) {
        #expect(ServerURL.quoted(url) == shown)
    }

    @Test(arguments: [
        ("imaps://user:secret@mail.example.org/INBOX", true), ("imaps://user@mail.example.org/INBOX", true),
        ("imaps://user:se/cret@mail.example.org/INBOX", true), ("imaps://mail.example.org/Offers@2022", false),
        ("imaps://mail.example.org:993/INBOX", false), ("imaps://[::1]:993/INBOX", false),
    ])
    func credentialsInAURLAreRecognised(url: String, hasUserinfo: Bool) {
        #expect(ServerURL.hasUserinfo(url) == hasUserinfo, "\(url)")
    }
}
