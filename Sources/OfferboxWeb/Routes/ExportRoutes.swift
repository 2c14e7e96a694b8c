import Logging
import Foundation
import Hummingbird
import NIOCore
import OfferCore
import OfferStore
import OfferboxService
import ZIPFoundation

/// The exports: the register as CSV, every current document as a zip (late and incomplete
/// offers in folders of their own), and the opening record. Each under the seal's rule; each
/// document export is an entry in every offer's history.
struct ExportRoutes {
    let site: Site

    func add(to group: RouterGroup<WebContext>) {
        group.get("/exports/offers.csv") { request, context in
            let user = try context.requireUser()
            guard site.visibility(for: user).registerExport else { return sealed(user) }
            guard !Site.isCrossSite(request) else { return site.crossSiteRefusal(user) }
            let csv = try await site.blocking { RegisterFormats.csv(try site.entries(), offsetMinutes: site.configuration.call.localOffsetMinutes) }
            site.logger.info("register exported (CSV)", metadata: ["ob.web.user": "\(user.name)"])
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: DownloadHeaders.contentDisposition("offers.csv")],
                            body: .init(byteBuffer: ByteBuffer(bytes: csv)))
        }
        group.get("/exports/documents.zip") { request, context in
            let user = try context.requireUser()
            guard site.visibility(for: user).downloads else { return sealed(user) }
            guard !Site.isCrossSite(request) else { return site.crossSiteRefusal(user) }
            let built = try await site.exports.run { try await site.blocking { try documentsZip(user: user) } }
            return built ?? site.renderer.error(.serviceUnavailable, "Another export is being prepared: try again when it is done.",
                                                user: user, back: "/exports")
        }
        group.get("/opening.json") { request, context in
            let user = try context.requireUser()
            guard site.visibility(for: user).documents else { return sealed(user) }
            guard !Site.isCrossSite(request) else { return site.crossSiteRefusal(user) }
            guard let opening = try await site.blocking({ try site.database.latestOpening() }), let record = opening.record else {
                return site.renderer.error(.notFound, "The register has not been opened yet (or the record was removed by retention).", user: user)
            }
            return Response(status: .ok, headers: [.contentType: "application/json",
                                                   .contentDisposition: DownloadHeaders.contentDisposition("opening-\(opening.sha256.prefix(12)).json")],
                            body: .init(byteBuffer: ByteBuffer(bytes: record)))
        }
    }

    private func sealed(_ user: WebUser) -> Response {
        site.renderer.error(.forbidden, "The offers are sealed until the deadline: exports hold documents and figures, which your role sees after it.",
                            user: user, back: "/exports")
    }

    /// Writes the zip to a private temporary file (documents are checked against their SHA-256 as
    /// they are read; a mismatch fails the export), streams it, then deletes it: memory stays flat
    /// whatever the register's size.
    private func documentsZip(user: WebUser) throws -> Response {
        let entries = try site.entries()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let url = folder.appendingPathComponent("documents.zip")
        // The folder goes when this returns, whatever happens: the response reads the zip through its
        // open descriptor (the file's blocks are freed when it is closed), so no copy of the
        // documents is ever left behind, even by a client that goes away before the first byte.
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let archive = try Archive(url: url, accessMode: .create)
            var folders = ExportNameAllocator()
            for entry in entries {
                let top = DocumentExport.statusFolder(entry.status) + "/" + folders.allocate(entry.id)
                let files = DocumentExport.files(of: entry)
                var purged: [String: Int64] = [:]
                for file in files {
                    do {
                        try add(Data(try site.reader.bytes(sha256: file.document.sha256)), as: top + "/" + file.name, to: archive)
                    } catch DocumentReader.ReadError.purged(let sha256, let at) {
                        purged[sha256] = at
                    }
                }
                try add(Data(DocumentExport.manifest(of: entry, files: files, purged: purged).utf8), as: top + "/" + DocumentExport.manifestName,
                        to: archive)
            }
        } catch {
            site.logger.error("the documents export failed", metadata: ["ob.error": "\(error)"])
            throw error
        }
        let now = site.now()
        try site.database.recordAccess(entries.compactMap { entry in
            try? site.database.offer(publicID: entry.id)?.id.map { ($0, OfferEvent.documentsExported(by: user.name)) }
        }, at: now)
        site.logger.info("documents exported (zip)", metadata: ["ob.web.user": "\(user.name)", "ob.offers": "\(entries.count)"])
        let handle = try FileHandle(forReadingFrom: url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        var headers: HTTPFields = [.contentType: "application/zip", .contentDisposition: DownloadHeaders.contentDisposition("documents.zip")]
        if let size { headers[.contentLength] = String(size) }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 256 * 1024), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        })
    }

    /// Stored, not deflated: PDFs and office files are compressed already.
    private func add(_ data: Data, as path: String, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 0),
                             compressionMethod: .none) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
