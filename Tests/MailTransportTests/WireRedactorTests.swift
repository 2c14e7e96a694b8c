import Testing
@testable import MailTransport

/// The redactor alone: every way IMAP and SMTP carry a credential, line by line.
@Suite struct WireRedactorTests {
    @Test("IMAP AUTHENTICATE with an initial response, and its continuation lines, lose every argument")
    func imapAuthenticate() {
        var redactor = WireRedactor()
        #expect(redactor.redact("A002 AUTHENTICATE PLAIN AHRlc3QAc2VjcmV0", direction: .fromClient) == "A002 AUTHENTICATE PLAIN <redacted>")
        var second = WireRedactor()
        #expect(second.redact("A002 AUTHENTICATE LOGIN", direction: .fromClient) == "A002 AUTHENTICATE LOGIN")
        #expect(second.redact("+ VXNlcm5hbWU6", direction: .fromServer) == "+ VXNlcm5hbWU6")
        #expect(second.redact("dGVzdA==", direction: .fromClient) == "<redacted>")
        #expect(second.redact("+ UGFzc3dvcmQ6", direction: .fromServer) == "+ UGFzc3dvcmQ6")
        #expect(second.redact("c2VjcmV0", direction: .fromClient) == "<redacted>")
        // The tagged answer ends the exchange: what follows is logged again.
        #expect(second.redact("A002 OK Logged in", direction: .fromServer) == "A002 OK Logged in")
        #expect(second.redact("A003 EXAMINE INBOX", direction: .fromClient) == "A003 EXAMINE INBOX")
    }

    @Test("IMAP LOGIN keeps only the tag and the verb, whatever the quoting", arguments: [
        "A001 LOGIN test secret", "A001 LOGIN \"test\" \"se cret\"", "A001 login {4}",
    ])
    func imapLogin(line: String) {
        var redactor = WireRedactor()
        #expect(redactor.redact(line, direction: .fromClient) == "A001 LOGIN <redacted>")
    }

    @Test("SMTP AUTH PLAIN, LOGIN and XOAUTH2 lose their arguments and the 334 exchange")
    func smtpAuth() {
        var redactor = WireRedactor()
        #expect(redactor.redact("AUTH PLAIN AHNlY3JldGFyaWF0AHNlY3JldA==", direction: .fromClient) == "AUTH PLAIN <redacted>")
        #expect(redactor.redact("235 2.7.0 Authentication succeeded", direction: .fromServer) == "235 2.7.0 Authentication succeeded")
        #expect(redactor.redact("MAIL FROM:<>", direction: .fromClient) == "MAIL FROM:<>")
        #expect(redactor.redact("AUTH LOGIN", direction: .fromClient) == "AUTH LOGIN")
        #expect(redactor.redact("334 VXNlcm5hbWU6", direction: .fromServer) == "334 VXNlcm5hbWU6")
        #expect(redactor.redact("c2VjcmV0YXJpYXQ=", direction: .fromClient) == "<redacted>")
        #expect(redactor.redact("334 UGFzc3dvcmQ6", direction: .fromServer) == "334 UGFzc3dvcmQ6")
        #expect(redactor.redact("c2VjcmV0", direction: .fromClient) == "<redacted>")
        #expect(redactor.redact("235 ok", direction: .fromServer) == "235 ok")
        #expect(redactor.redact("AUTH XOAUTH2 dXNlcj10ZXN0AWF1dGg9QmVhcmVyIHRva2VuAQE=", direction: .fromClient) == "AUTH XOAUTH2 <redacted>")
    }

    @Test("a known secret is scrubbed from any line, in either direction, even outside an exchange")
    func knownSecretsAreScrubbed() {
        var redactor = WireRedactor(secrets: ["hunter2-token", "ab"])
        #expect(redactor.redact("* OK [ALERT] token hunter2-token expired", direction: .fromServer) == "* OK [ALERT] token <redacted> expired")
        #expect(redactor.redact("A009 NOOP hunter2-token", direction: .fromClient) == "A009 NOOP <redacted>")
        // Values shorter than 3 characters are not scrubbed: they would mangle every line.
        #expect(redactor.redact("A010 NOOP ab", direction: .fromClient) == "A010 NOOP ab")
    }
}
