/// Removes credentials from protocol lines before they reach a log.
///
/// libcurl's debug callback shows every command it sends, including
/// `AUTHENTICATE PLAIN <base64 of user, password>` (IMAP, RFC 3501 §6.2.2),
/// `LOGIN user password` (RFC 3501 §6.2.3) and `AUTH PLAIN/LOGIN/XOAUTH2 ...`
/// (SMTP, RFC 4954). The redactor keeps the command name and hides every argument,
/// and hides each client line of a SASL exchange until the server ends it.
/// Known secret values are scrubbed from every line as a second line of defence.
struct WireRedactor {
    static let mask = "<redacted>"
    enum Direction { case fromClient, fromServer }

    private var inSASLExchange = false
    private let secrets: [String]

    init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 3 }
    }

    /// The line as it may be logged.
    mutating func redact(_ line: String, direction: Direction) -> String {
        let cleaned = scrub(line)
        switch direction {
        case .fromServer:
            // A server continuation ("+ ..." in IMAP, "334 ..." in SMTP) keeps the exchange open.
            if inSASLExchange && !(cleaned.hasPrefix("+") || cleaned.hasPrefix("334")) {
                inSASLExchange = false
            }
            return cleaned
        case .fromClient:
            if inSASLExchange { return Self.mask }
            let words = cleaned.split(separator: " ", omittingEmptySubsequences: true)
            // SMTP: AUTH MECH [IR]. Checked first: "AUTH LOGIN" would otherwise read as an IMAP
            // LOGIN command, and the exchange's two base64 lines would go unmasked.
            if let first = words.first, first.uppercased() == "AUTH" {
                inSASLExchange = true
                return words.prefix(2).joined(separator: " ") + (words.count > 2 ? " " + Self.mask : "")
            }
            // IMAP: TAG AUTHENTICATE MECH [IR] / TAG LOGIN user pass
            if words.count >= 2 {
                let verb = words[1].uppercased()
                if verb == "AUTHENTICATE" {
                    inSASLExchange = true
                    return words.prefix(3).joined(separator: " ") + (words.count > 3 ? " " + Self.mask : "")
                }
                if verb == "LOGIN" { return "\(words[0]) LOGIN \(Self.mask)" }
            }
            return cleaned
        }
    }

    private func scrub(_ line: String) -> String {
        var result = line
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return result
    }
}
