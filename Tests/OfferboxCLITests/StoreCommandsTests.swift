import Foundation
import OfferStore
import OfferboxService
import Testing

/// `offerbox export-documents` and `offerbox verify` on a store filled with the labeled offers,
/// run as the administrator runs them (the built binary, a configuration file).
@Suite(.serialized) struct StoreCommandsTests {
    static let fixtures = CheckConfigCommandTests.repository.appendingPathComponent("fixtures/offers")

    /// A store holding every labeled offer, as the daemon would have stored them.
    static func filledStore() throws -> (directory: URL, configuration: String, database: String, raws: [String: [UInt8]]) {
        let (directory, path) = try CheckConfigCommandTests.writeConfiguration(password: "unused")
        let loaded = try Configuration.load(path: path)
        let database = try OfferDatabase.open(path: loaded.configuration.store.database,
                                              filesDirectory: loaded.configuration.store.filesDirectory)
        let pipeline = IntakePipeline(configuration: loaded.configuration, database: database,
                                      composer: try ReplyComposer(overrides: loaded.configuration.replies.templates))
        var raws: [String: [UInt8]] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".eml") }.sorted()
        for (index, name) in names.enumerated() {
            let raw = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
            raws[name] = raw
            _ = try pipeline.ingest(FetchedMessage(mailboxKey: "test", uidValidity: 1, uid: Int64(index + 1),
                                                   internalDate: 1_656_000_000, raw: raw), now: 1_656_000_100)
        }
        return (directory, path, loaded.configuration.store.database, raws)
    }

    @Test func exportedDocumentsMatchTheirManifestAndVerifyFindsTheStoreIntact() throws {
        let store = try Self.filledStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        // Both ways of keeping a document are in play: parts found again in their message, and
        // files unpacked from zips and winmail.dat stored themselves.
        var parts = 0, stored = 0
        try OfferDatabase.open(path: store.database).forEachDocument { _, content in
            switch content {
            case .messagePart: parts += 1
            case .stored: stored += 1
            case .purged: Issue.record("nothing is purged here")
            case nil: Issue.record("a document cannot be read")
            }
        }
        #expect(parts > 50)
        #expect(stored >= 2)

        let exportDirectory = store.directory.appendingPathComponent("export")
        let export = try ParseCommandTests.run(["export-documents", "--config", store.configuration, exportDirectory.path])
        #expect(export.status == 0, "\(export.stderr)")
        var checked = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: exportDirectory.path) {
            let manifest = try String(contentsOfFile: "\(exportDirectory.path)/\(folder)/MANIFEST.sha256", encoding: .utf8)
            for line in manifest.split(separator: "\n") where !line.hasPrefix("#") {
                let hash = String(line.prefix(64)), name = String(line.dropFirst(66))
                let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(exportDirectory.path)/\(folder)/\(name)"))
                #expect(Digests.sha256Hex([UInt8](bytes)) == hash, "\(folder)/\(name)")
                checked += 1
            }
        }
        #expect(checked >= 10)
        #expect(export.stderr.contains("\(checked) files written"))

        let verify = try ParseCommandTests.run(["verify", "--config", store.configuration])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("verified \(store.raws.count) messages"))
        #expect(verify.stdout.contains("all intact"))
        #expect(!verify.stdout.contains("named by no record"))

        // A file written just before a crash, whose transaction never committed: reported, not a mismatch.
        let orphan = Array("never committed".utf8), orphanHash = Digests.sha256Hex(orphan)
        try FileManager.default.createDirectory(atPath: "\(store.database).files/\(orphanHash.prefix(2))", withIntermediateDirectories: true)
        try Data(orphan).write(to: URL(fileURLWithPath: "\(store.database).files/\(orphanHash.prefix(2))/\(orphanHash)"))
        let withOrphan = try ParseCommandTests.run(["verify", "--config", store.configuration])
        #expect(withOrphan.status == 0)
        #expect(withOrphan.stdout.contains("1 file(s)"), "\(withOrphan.stdout)")
        #expect(withOrphan.stdout.contains(orphanHash))
    }

    @Test func verifyFailsWhenAStoredMessageIsChangedOrAFileIsMissing() throws {
        let store = try Self.filledStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        // A changed raw message: it and the documents read from it no longer match.
        let raw = try #require(store.raws["001-complete-en-1.eml"])
        let hash = Digests.sha256Hex(raw)
        let file = "\(store.database).files/\(hash.prefix(2))/\(hash)"
        var changed = raw
        changed[changed.count - 10] ^= 0x01
        try Data(changed).write(to: URL(fileURLWithPath: file))
        let run = try ParseCommandTests.run(["verify", "--config", store.configuration])
        #expect(run.status == 1)
        #expect(run.stderr.contains("sha256 differs"), "\(run.stderr)")
        #expect(run.stdout.contains("MISMATCHES"))

        // A file unpacked from a zip, deleted.
        try Data(raw).write(to: URL(fileURLWithPath: file))
        #expect(try ParseCommandTests.run(["verify", "--config", store.configuration]).status == 0)
        var storedFile: String?
        try OfferDatabase.open(path: store.database).forEachDocument { sha256, content in
            if case .stored = content, storedFile == nil { storedFile = "\(store.database).files/\(sha256.prefix(2))/\(sha256)" }
        }
        try FileManager.default.removeItem(atPath: try #require(storedFile))
        let missing = try ParseCommandTests.run(["verify", "--config", store.configuration])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing or unreadable"), "\(missing.stderr)")
    }
}
