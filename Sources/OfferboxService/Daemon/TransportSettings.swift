import Foundation
public import MailTransport

extension Configuration.SecretSource {
    /// The transport's secret: read at each connection, never kept in memory longer.
    var secret: Secret {
        switch self {
        case .file(let path), .oauth2TokenFile(let path):
            return .file(path)
        case .environment(let name):
            return Secret {
                guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                    throw MissingEnvironmentSecret(name: name)
                }
                return value
            }
        }
    }

    var credentials: Credentials {
        switch self {
        case .oauth2TokenFile: return .xoauth2(token: secret)
        case .file, .environment: return .password(secret)
        }
    }
}

/// The variable a secret should come from is not set (the message names it, never a value).
struct MissingEnvironmentSecret: LocalizedError, CustomStringConvertible {
    var name: String
    var description: String { "environment variable \(name) is not set" }
    var errorDescription: String? { description }
}

extension Configuration.Mailbox {
    /// The transport's settings for this mailbox: the daemon and `check-config` both connect with these.
    public var transport: IMAPConfiguration {
        IMAPConfiguration(url: url, username: username, credentials: secret.credentials, caFile: caFile,
                          allowPlaintext: allowPlaintext, storedKeyword: storedKeyword, moveStoredTo: moveTo,
                          maxConnectionAge: .seconds(max(600, pollIntervalSeconds * 3)))
    }
}

extension Configuration.SMTP {
    /// The transport's settings for the SMTP server: the daemon and `check-config` both connect with these.
    public var transport: SMTPConfiguration {
        SMTPConfiguration(url: url, username: username, credentials: secret?.credentials, caFile: caFile, allowPlaintext: allowPlaintext)
    }
}
