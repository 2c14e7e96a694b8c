import ArgumentParser
import Foundation
import OfferCore
import OfferStore
import OfferboxService

/// `offerbox export-documents DIR`: one folder per offer, files named by kind and original name,
/// and a manifest with each file's SHA-256.
///
/// Every folder and file name comes from ``ExportNameAllocator`` (applicant file names are hostile),
/// and everything is written owner-only through ``PrivateFiles``.
struct ExportDocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-documents", abstract: "Write every offer's current documents to DIR, one folder per offer, with a manifest.")

    /// The manifest each offer's folder holds; no document is ever given this name.
    static let manifestName = "MANIFEST.sha256"

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The folder to write into (created if needed).") var directory: String

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        let register = Register(database: database, configuration: loaded.configuration)
        let reader = DocumentReader(database: database)
        var written = 0
        try PrivateFiles.makeFolder(directory)
        var folders = ExportNameAllocator()
        for entry in try register.entries() {
            let folder = directory + "/" + folders.allocate(entry.id)
            try PrivateFiles.makeFolder(folder)
            var manifest = Self.manifestComment(entry)
            var names = ExportNameAllocator(reserved: [Self.manifestName])
            for kind in DocumentKind.allCases {
                for document in entry.documents[kind] ?? [] {
                    let bytes = try reader.bytes(sha256: document.sha256)
                    let name = names.allocate("\(kind.rawValue) - \(document.filename)")
                    try PrivateFiles.write(bytes, folder: folder, name: name)
                    manifest += "\(document.sha256)  \(name)\n"
                    written += 1
                }
            }
            try PrivateFiles.write(Array(manifest.utf8), folder: folder, name: Self.manifestName)
        }
        StandardError.print("offerbox export-documents: \(written) files written to \(directory)")
    }

    /// The manifest's first line, a comment `sha256sum -c` skips. The applicant's name is theirs to
    /// choose: line breaks and invisible characters are taken out so it stays one honest line.
    static func manifestComment(_ entry: RegisterEntry) -> String {
        let text = "# \(entry.id) \(entry.status.rawValue) \(entry.applicantName ?? "") <\(entry.applicantAddress)>"
        let visible = text.unicodeScalars.filter { !ExportNameAllocator.isInvisible($0) }
        return String(String.UnicodeScalarView(visible)) + "\n"
    }
}
