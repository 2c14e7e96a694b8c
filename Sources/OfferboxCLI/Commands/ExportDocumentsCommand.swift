import ArgumentParser
import Foundation
import OfferCore
import OfferStore
import OfferboxService

/// `offerbox export-documents DIR`: one folder per offer, files named by kind and original name,
/// and a manifest with each file's SHA-256.
struct ExportDocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-documents", abstract: "Write every offer's current documents to DIR, one folder per offer, with a manifest.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The folder to write into (created if needed).") var directory: String

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        let register = Register(database: database, configuration: loaded.configuration)
        let reader = DocumentReader(database: database)
        let fileManager = FileManager.default
        var written = 0
        for entry in try register.entries() {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(Self.safeName(entry.id))
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            var manifest = "# \(entry.id) \(entry.status.rawValue) \(entry.applicantName ?? "") <\(entry.applicantAddress)>\n"
            var used: Set<String> = []
            for kind in DocumentKind.allCases {
                for document in entry.documents[kind] ?? [] {
                    let bytes = try reader.bytes(sha256: document.sha256)
                    var name = Self.safeName("\(kind.rawValue) - \(document.filename)")
                    var counter = 2
                    while used.contains(name) { name = Self.safeName("\(kind.rawValue) - \(counter) - \(document.filename)"); counter += 1 }
                    used.insert(name)
                    try Data(bytes).write(to: folder.appendingPathComponent(name), options: .atomic)
                    manifest += "\(document.sha256)  \(name)\n"
                    written += 1
                }
            }
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("MANIFEST.sha256"), options: .atomic)
        }
        StandardError.print("offerbox export-documents: \(written) files written to \(directory)")
    }

    /// A file name that is only a name: no directories, no `..`, no control characters, at most 200 bytes.
    static func safeName(_ name: String) -> String {
        var cleaned = String(name.unicodeScalars.map { scalar -> Character in
            if scalar == "/" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F { return "_" }
            return Character(scalar)
        })
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.isEmpty { cleaned = "unnamed" }
        while cleaned.utf8.count > 200 { cleaned.removeFirst() }
        return cleaned
    }
}
