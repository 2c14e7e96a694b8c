import OfferCore
import OfferStore
import Logging
import NIOPosix
import Foundation
import HummingbirdBcrypt
import OfferboxService

/// Checks a user's password against the bcrypt hash in their `password_file`, read at each login
/// (so `offerbox passwd` takes effect without a restart).
///
/// bcrypt is slow on purpose (cost 12: about a quarter of a second): it runs on a thread of its
/// own, never on the server's event loop. An unknown user is checked against a hash of nothing,
/// so the answer takes as long as for a known one and does not tell which names exist.
final class PasswordCheck: Sendable {
    private let decoy = Bcrypt.hash(UUID().uuidString, cost: PasswordFile.cost)
    /// bcrypt checks at most `maximumAtOnce` at once, so that a burst of logins costs the daemon
    /// at most that many cores for a quarter of a second each.
    private let admission = Admission(limit: maximumAtOnce)
    static let maximumAtOnce = 2

    /// Whether the password is the user's; nil when too many checks are running already.
    func verify(password: String, user: Configuration.Web.User?) async -> Bool? {
        let decoy = self.decoy
        return try? await admission.run {
            // The file read too, on NIO's thread pool (as ``Site/blocking(_:)`` runs store work).
            try await NIOThreadPool.singleton.runIfActive {
                let hash = user.flatMap { try? PasswordFile.read($0.passwordFile) }
                return Bcrypt.verify(password, hash: hash ?? decoy) && hash != nil
            }
        }
    }
}

/// A user's password file: one line, the bcrypt hash of the password (`$2b$12$…`).
public enum PasswordFile {
    public static let cost: UInt8 = 12
    /// A password shorter than this is refused by `offerbox passwd`.
    public static let minimumLength = 12

    public static func read(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("$2"), text.count == 60 else { throw CocoaError(.fileReadCorruptFile) }
        return text
    }

    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    /// A short digest of the hash a session was opened with: a new password ends older sessions.
    static func fingerprint(_ hash: String) -> String {
        String(Digests.sha256Hex(Array(hash.utf8)).prefix(16))
    }
}
