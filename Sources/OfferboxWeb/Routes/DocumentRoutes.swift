import OfferStore
import Logging
import Hummingbird
import NIOCore
import OfferCore
import OfferboxService

/// One document, downloaded: only by a role that may see it, only as an attachment, and only
/// when its bytes still hash to the SHA-256 the register recorded (a mismatch is refused and
/// logged: the store was changed behind offerbox's back). Every download is an entry in the
/// offer's history: who and when.
struct DocumentRoutes {
    let site: Site

    func add(to group: RouterGroup<WebContext>) {
        group.get("/offers/:id/documents/:row") { _, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            guard site.visibility(for: user).downloads else {
                site.logger.notice("document refused under the seal", metadata: ["ob.web.user": "\(user.name)", "ob.offer": "\(id)"])
                return site.renderer.error(.forbidden, "The offers are sealed until the deadline, \(site.local(site.deadline)): "
                                           + "your role can open documents from then on.",
                                           user: user, back: "/offers/\(id)")
            }
            guard let row = Int64(try context.parameters.require("row")), let offer = try site.database.offer(publicID: id),
                  let found = try site.database.document(id: row), found.offerID == offer.id, let offerID = offer.id else {
                return site.renderer.error(.notFound, "This offer has no such file.", user: user, back: "/offers/\(id)")
            }
            let bytes: [UInt8]
            do {
                bytes = try site.reader.bytes(sha256: found.document.sha256)
            } catch {
                site.logger.error("a document was not served: its bytes do not match the register", metadata: [
                    "ob.offer": "\(id)", "ob.document": "\(row)", "ob.error": "\(error)"])
                return site.renderer.error(.internalServerError, "This file cannot be served: its bytes do not match the register's SHA-256. "
                                           + "The administrator has been told (offerbox verify).", user: user, back: "/offers/\(id)")
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
}
