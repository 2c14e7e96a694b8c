import ArgumentParser
import Foundation
import Glibc
import OfferboxService
import OfferboxWeb

/// `offerbox passwd NAME`: writes the bcrypt hash of a new password to the user's `password_file`.
///
/// The password is read from the terminal without echo (twice), or from standard input with
/// `--stdin` (one line, for scripts). The file is replaced atomically, readable by its owner and
/// group only; an existing file keeps its owner and group, and a new one takes the group of its
/// folder (`/etc/offerbox/users`, root:offerbox), so that the daemon's user can read it.
struct PasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Set the web page password of a user of [[web.user]] (writes their password_file).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The user's name, as in [[web.user]].") var name: String
    @Flag(name: .long, help: "Read the password from standard input (one line) instead of the terminal.") var stdin = false

    func run() throws {
        let loaded = try options.load()
        guard let user = loaded.configuration.web?.user(named: name) else {
            StandardError.print("offerbox: no [[web.user]] named \(name) in \(options.path)")
            throw ExitCode(ExitStatus.configuration)
        }
        let password = try readPassword()
        guard password.count >= PasswordFile.minimumLength else {
            StandardError.print("offerbox: a password has at least \(PasswordFile.minimumLength) characters")
            throw ExitCode(2)
        }
        try write(PasswordFile.hash(password) + "\n", to: user.passwordFile)
        StandardError.print("offerbox passwd: the password of \(name) (\(user.role.rawValue)) is set in \(user.passwordFile)")
    }

    private func readPassword() throws -> String {
        if stdin {
            guard let line = readLine(strippingNewline: true) else { throw ExitCode(2) }
            return line
        }
        guard let first = getpass("New password for \(name): ").map({ String(cString: $0) }),
              let second = getpass("Again: ").map({ String(cString: $0) }) else { throw ExitCode(2) }
        guard first == second else {
            StandardError.print("offerbox: the two passwords differ")
            throw ExitCode(2)
        }
        return first
    }

    /// Written to a temporary file beside it (0640), which then replaces it.
    private func write(_ text: String, to path: String) throws {
        let existing = Self.owner(of: path)
        let temporary = path + ".new-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            StandardError.print("offerbox: cannot write \(temporary): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let folder = (path as NSString).deletingLastPathComponent
        if let existing {
            _ = fchown(descriptor, existing.user, existing.group)
        } else if let parent = Self.owner(of: folder.isEmpty ? "." : folder) {
            _ = fchown(descriptor, uid_t.max, parent.group)
        }
        _ = fchmod(descriptor, 0o640)
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            StandardError.print("offerbox: cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
    }

    /// The owner and group of a file, nil when it does not exist.
    private static func owner(of path: String) -> (user: uid_t, group: gid_t)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let user = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value,
              let group = (attributes[.groupOwnerAccountID] as? NSNumber)?.uint32Value else { return nil }
        return (user, group)
    }
}
