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

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The folder to write into (created if needed).") var directory: String

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        let register = Register(database: database, configuration: loaded.configuration)
        let reader = DocumentReader(database: database)
        var written = 0, removed = 0
        try PrivateFiles.makeFolder(directory)
        var folders = ExportNameAllocator()
        for entry in try register.entries() {
            let folder = directory + "/" + folders.allocate(entry.id)
            try PrivateFiles.makeFolder(folder)
            let files = DocumentExport.files(of: entry)
            var purged: [String: Int64] = [:]
            for file in files {
                do {
                    try PrivateFiles.write(try reader.bytes(sha256: file.document.sha256), folder: folder, name: file.name)
                    written += 1
                } catch DocumentReader.ReadError.purged(let sha256, let at) {
                    purged[sha256] = at
                }
            }
            removed += purged.count
            try PrivateFiles.write(Array(DocumentExport.manifest(of: entry, files: files, purged: purged).utf8), folder: folder,
                                   name: DocumentExport.manifestName)
        }
        StandardError.print("offerbox export-documents: \(written) files written to \(directory)"
                            + (removed > 0 ? "; \(removed) removed by retention (listed in the manifests)" : ""))
    }
}
