import ArgumentParser
import Foundation
import OfferStore
import OfferboxService

/// `offerbox subject-access ADDRESS DIR`: everything held about one address, as files and a JSON
/// summary (`summary.json`), written owner-only, every name made safe.
struct SubjectAccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject-access", abstract: "Write everything the register holds about ADDRESS to DIR: files and summary.json.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The e-mail address asked about.") var address: String
    @Argument(help: "The folder to write into (created if needed).") var directory: String

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        let register = Register(database: database, configuration: loaded.configuration)
        let access = try SubjectAccess.collect(address: address, register: register, database: database, now: Int64(Date().timeIntervalSince1970))
        try PrivateFiles.makeFolder(directory)
        var names: [String: ExportNameAllocator] = [:]
        for file in access.files {
            var path = directory
            for component in file.folder.split(separator: "/") {
                path += "/" + String(component)
                try PrivateFiles.makeFolder(path)
            }
            var allocator = names[file.folder] ?? ExportNameAllocator()
            let name = allocator.allocate(file.name)
            names[file.folder] = allocator
            try PrivateFiles.write(file.bytes, folder: path, name: name)
        }
        try PrivateFiles.write(Array(access.summary.utf8), folder: directory, name: "summary.json")
        StandardError.print("offerbox subject-access: \(access.files.count) file(s) and summary.json written to \(directory)")
    }
}
