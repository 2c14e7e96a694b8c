import ArgumentParser
import Foundation
import OfferStore
import OfferboxService

/// `offerbox verify`: re-hashes every stored message and file; non-zero exit on any mismatch.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Re-hash every stored message and document; exit 1 on any mismatch.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        var messages = 0, files = 0, mismatches: [String] = []
        try database.forEachMessage { id, recorded, raw in
            messages += 1
            guard let raw else { return mismatches.append("message \(id): its file \(recorded) is missing or unreadable") }
            if Digests.sha256Hex(raw) != recorded { mismatches.append("message \(id): sha256 differs from the recorded \(recorded)") }
        }
        let reader = DocumentReader(database: database)
        try database.forEachDocument { recorded, content in
            files += 1
            guard let content else { return mismatches.append("document \(recorded): its file or its message is missing or unreadable") }
            do {
                _ = try reader.bytes(of: content, sha256: recorded)
            } catch {
                mismatches.append("\(error)")
            }
        }
        let tombstones = try database.tombstones()
        if tombstones.withoutProof > 0 {
            mismatches.append("\(tombstones.withoutProof) purged repl(ies) without the SHA-256 of their bytes")
        }
        for mismatch in mismatches { StandardError.print("offerbox verify: \(mismatch)") }
        let unreferenced = try database.unreferencedFiles()
        if !unreferenced.isEmpty {
            print("\(unreferenced.count) file(s) in \(loaded.configuration.store.filesDirectory) named by no record "
                  + "(left by a crash before a commit; safe to delete): \(unreferenced.prefix(5).joined(separator: ", "))")
        }
        if tombstones.messages + tombstones.documents + tombstones.replies + tombstones.offers > 0 {
            // Purged by retention: the bytes are gone on purpose, the hashes stay as proof.
            print("purged by retention (hashes kept): \(tombstones.messages) messages, \(tombstones.documents) documents, "
                  + "\(tombstones.replies) replies, \(tombstones.offers) applicants' identities")
        }
        print("verified \(messages) messages and \(files) documents: \(mismatches.isEmpty ? "all intact" : "\(mismatches.count) MISMATCHES")")
        if !mismatches.isEmpty { throw ExitCode(1) }
    }
}
