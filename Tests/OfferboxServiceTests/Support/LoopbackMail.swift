import Foundation
import Logging
import MIME
import MailTransport

/// The throwaway Dovecot and Exim that `scripts/testing/mailserver` runs on 127.0.0.1, as the end-to-end tests use them.
///
/// Each test works in folders of its own (`E2E…`) and writes to applicants at `applicantN+TAG@example.test`,
/// which Dovecot files in the folder TAG, so tests never see each other's mail.
enum LoopbackMail {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repository.appendingPathComponent(".mailserver")
    static var caFile: String { directory.appendingPathComponent("tls/ca.crt").path }
    static let password = "secret"

    /// Starts the servers once per test process (idempotent; installs packages when missing).
    static let started: Bool = {
        let status = run(repository.appendingPathComponent("scripts/testing/mailserver").path, ["start"])
        return status == 0
    }()

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func doveadm(_ arguments: [String]) -> Int32 {
        run("/usr/bin/doveadm", ["-c", directory.appendingPathComponent("dovecot.conf").path] + arguments)
    }

    static func newTag() -> String { "E2E" + String(UInt64.random(in: 0..<UInt64.max), radix: 36) }

    static func createFolder(_ folder: String, user: String) {
        _ = doveadm(["mailbox", "create", "-u", user, folder])
    }

    /// Puts `raw` into `user`'s `folder` as if the server had received it at `receivedAt`:
    /// a Maildir file whose mtime Dovecot reports as the INTERNALDATE.
    static func deliver(_ raw: [UInt8], user: String, folder: String, receivedAt: Int64) throws {
        let newDirectory = directory.appendingPathComponent("mail/\(user)/Maildir/.\(folder)/new")
        try FileManager.default.createDirectory(at: newDirectory, withIntermediateDirectories: true)
        let name = "\(receivedAt).\(UUID().uuidString).offerbox-e2e"
        let path = newDirectory.appendingPathComponent(name).path
        try Data(raw).write(to: URL(fileURLWithPath: path))
        var times = [timespec(tv_sec: Int(receivedAt), tv_nsec: 0), timespec(tv_sec: Int(receivedAt), tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
        _ = chown(path, 65534, 65534)
        _ = chown(newDirectory.path, 65534, 65534)
    }

    /// Every message in `user`'s `folder`, parsed, read with offerbox's own IMAP client.
    static func messages(user: String, folder: String) async throws -> [(raw: [UInt8], message: Message)] {
        let configuration = IMAPConfiguration(url: "imaps://127.0.0.1:10993/\(folder)", username: user,
                                              credentials: .password(.value(password)), caFile: caFile)
        let client = try IMAPMailboxClient(configuration: configuration, logger: Logger(label: "e2e"))
        let status: IMAPMailboxStatus
        do {
            status = try await client.status()
        } catch {
            // No folder: nothing was ever delivered to it.
            if error.code == .mailboxNotFound { return [] }
            throw error
        }
        let uids = try await client.newUIDs(after: 0, upTo: status.uidNext)
        var result: [(raw: [UInt8], message: Message)] = []
        for uid in uids {
            let fetched = try await client.fetch(uid: uid, uidValidity: status.uidValidity)
            result.append((fetched.bytes, MessageParser().parse(fetched.bytes)))
        }
        await client.disconnect()
        return result
    }
}
