import Hummingbird
import Logging
import NIOCore
import OfferCore
import OfferStore
import OfferboxService

/// One document, downloaded: only by a role that may see it, only as an attachment, and only
/// when its bytes still hash to the SHA-256 the register recorded (a mismatch is refused and
/// logged: the store was changed behind offerbox's back). Every download is an entry in the
/// offer's history: who and when.
struct DocumentRoutes {
    let site: Site

    func add(to group: RouterGroup<WebContext>) {
        group.get("/offers/:id/documents/:row") { request, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            guard site.visibility(for: user).downloads else {
                site.logger.notice("document refused under the seal", metadata: ["ob.web.user": "\(user.name)", "ob.offer": "\(id)"])
                return site.renderer.error(.forbidden, "The offers are sealed until the deadline, \(site.local(site.deadline)): "
                                           + "your role can open documents from then on.", user: user, back: "/offers/\(id)")
            }
            guard !Site.isCrossSite(request) else { return site.crossSiteRefusal(user) }
            let row = Int64(try context.parameters.require("row"))
            let served = try await site.downloads.run { try await site.blocking { try serve(row: row, of: id, to: user) } }
            return served ?? site.renderer.error(.serviceUnavailable, "Many files are being downloaded: try again in a moment.",
                                                 user: user, back: "/offers/\(id)")
        }
    }

    private func serve(row: Int64?, of id: String, to user: WebUser) throws -> Response {
        guard let row, let offer = try site.database.offer(publicID: id), let offerID = offer.id,
              let found = try site.database.document(id: row), found.offerID == offerID else {
            return site.renderer.error(.notFound, "This offer has no such file.", user: user, back: "/offers/\(id)")
        }
        let bytes: [UInt8]
        do {
            bytes = try site.reader.bytes(sha256: found.document.sha256)
        } catch DocumentReader.ReadError.purged(_, let at) {
            return site.renderer.error(.gone, "This file was removed by retention on \(site.local(at)); its SHA-256 stays in the register.",
                                       user: user, back: "/offers/\(id)")
        } catch let error as DocumentReader.ReadError {
            // A mismatch means the store was changed behind offerbox's back; a missing file, that it lost one.
            site.logger.error("a document was not served", metadata: ["ob.offer": "\(id)", "ob.document": "\(row)", "ob.error": "\(error)"])
            let reason = if case .mismatch = error { "its bytes do not match the register's SHA-256" } else { "its bytes are not in the store" }
            return site.renderer.error(.internalServerError, "This file cannot be served: \(reason). The administrator has been told "
                                       + "(offerbox verify).", user: user, back: "/offers/\(id)")
        }
        try site.database.recordAccess([(offerID, .documentAccessed(.stored(row), by: user.name))], at: site.now())
        site.logger.info("document downloaded", metadata: ["ob.web.user": "\(user.name)", "ob.offer": "\(id)", "ob.document": "\(row)"])
        return Response(
            status: .ok,
            headers: [.contentType: DownloadHeaders.contentType(of: bytes),
                      .contentDisposition: DownloadHeaders.contentDisposition(found.document.filename ?? "document-\(row)"),
                      .contentLength: String(bytes.count)],
            body: ResponseBody { writer in
                // Out in pieces: a 20 MB scan does not become one 20 MB buffer of NIO's.
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + 64 * 1024, bytes.count)
                    try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                    offset = end
                }
                try await writer.finish(nil)
            })
    }
}
