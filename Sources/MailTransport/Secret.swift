import Foundation

/// Where a password or bearer token comes from. It is asked again at every new
/// connection, so a rotated token file or password takes effect without a restart.
/// Printing it shows `<secret>`, never the value.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let read: @Sendable () throws -> String

    /// A secret computed by the caller (environment, keyring, ...).
    public init(_ read: @escaping @Sendable () throws -> String) { self.read = read }

    /// A fixed value (tests, or a value the caller already loaded).
    public static func value(_ value: String) -> Secret { Secret { value } }

    /// The first line of a file, read at each connect, without its line ending.
    public static func file(_ path: String) -> Secret {
        Secret {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw MailTransportError.configuration(.secretUnavailable, "secret file \(path) is not UTF-8")
            }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
    }

    /// The current value. Errors are mapped to `secretUnavailable` without echoing the value.
    func resolve() throws(MailTransportError) -> String {
        do {
            return try read()
        } catch let error as MailTransportError {
            throw error
        } catch {
            throw .configuration(.secretUnavailable, "cannot read secret: \(error.localizedDescription)")
        }
    }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
}

/// How the client proves who it is.
public enum Credentials: Sendable {
    /// A password. `mechanism` picks the SASL mechanism; `.automatic` lets libcurl
    /// choose (PLAIN when offered, else the IMAP LOGIN command).
    case password(Secret, mechanism: PasswordMechanism = .automatic)
    /// An OAuth 2.0 bearer token sent with SASL XOAUTH2 (RFC 7628's ancestor, as Gmail and Microsoft use it).
    case xoauth2(token: Secret)

    /// The password or token, read now: callers ask at each new connection.
    func resolve() throws(MailTransportError) -> String {
        switch self {
        case .password(let secret, _): try secret.resolve()
        case .xoauth2(let token): try token.resolve()
        }
    }
}

/// SASL mechanism for password authentication.
public enum PasswordMechanism: Sendable {
    case automatic
    /// SASL PLAIN, RFC 4616.
    case plain
    /// SASL LOGIN (draft-murchison-sasl-login).
    case login

    var loginOptions: String? {
        switch self {
        case .automatic: return nil
        case .plain: return "AUTH=PLAIN"
        case .login: return "AUTH=LOGIN"
        }
    }
}
