public import OfferStore
import OfferCore

/// `offerbox subject-access ADDRESS DIR`: everything the register holds about one address (GDPR
/// article 15), as files and a JSON summary: its offers with their documents and history, every
/// message it sent, every reply sent to it. What retention removed is listed with when; its bytes
/// are not there to give.
public struct SubjectAccess: Sendable {
    public struct File: Sendable {
        /// A path inside the folder, made of names the caller makes safe (`messages`, `documents/<offer>`, `replies`).
        public var folder: String
        public var name: String
        public var bytes: [UInt8]
    }

    public var summary: String
    public var files: [File]

    public static func collect(address: String, register: Register, database: OfferDatabase, now: Int64) throws -> SubjectAccess {
        let data = try database.personalData(address: address)
        let reader = DocumentReader(database: database)
        var files: [File] = []
        var json = JSONWriter(reserving: 16 * 1024)
        json.beginObject()
        json.key("address"); json.string(address.lowercased())
        json.key("generated_at"); json.string(TimeText.rfc3339(now))
        json.key("offers"); json.beginArray()
        for offer in data.offers {
            guard let detail = try register.detail(publicID: offer.publicID) else { continue }
            json.beginObject()
            RegisterFormats.identity(detail.entry, to: &json)
            json.key("first_received_at"); json.string(TimeText.rfc3339(detail.entry.firstReceivedAt))
            json.key("received_at"); json.string(TimeText.rfc3339(detail.entry.receivedAt))
            json.key("identity_purged_at"); json.string(offer.identityPurgedAt.map(TimeText.rfc3339))
            json.key("documents"); json.beginArray()
            for message in detail.messages {
                for document in message.documents {
                    json.beginObject()
                    json.key("file"); json.int(Int(document.id ?? 0))
                    json.key("kind"); json.string(document.kind.rawValue)
                    json.key("filename"); json.string(document.filename)
                    json.key("sha256"); json.string(document.sha256)
                    json.key("size"); json.int(Int(document.size))
                    do {
                        let bytes = try reader.bytes(sha256: document.sha256)
                        let name = "file \(document.id ?? 0) - \(document.filename ?? "unnamed")"
                        files.append(File(folder: "documents/\(offer.publicID)", name: name, bytes: bytes))
                        json.key("content"); json.string("documents/\(offer.publicID)/ (file \(document.id ?? 0))")
                    } catch DocumentReader.ReadError.purged(_, let at) {
                        json.key("content"); json.string("removed by retention at \(TimeText.rfc3339(at))")
                    }
                    json.endObject()
                }
            }
            json.endArray()
            json.key("history"); json.beginArray()
            for entry in detail.history {
                json.beginObject()
                json.key("at"); json.string(TimeText.rfc3339(entry.at))
                json.key("kind"); json.string(entry.kind.rawValue)
                json.key("detail"); json.string(entry.detail)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("messages"); json.beginArray()
        for message in data.messages {
            json.beginObject()
            json.key("message_id"); json.string(message.messageID)
            json.key("received_at"); json.string(TimeText.rfc3339(message.internalDate))
            json.key("from"); json.string(message.fromAddress)
            json.key("subject"); json.string(message.subject)
            json.key("category"); json.string(message.category.rawValue)
            json.key("sha256"); json.string(message.sha256)
            if let purged = message.purgedAt {
                json.key("raw"); json.string("removed by retention at \(TimeText.rfc3339(purged))")
            } else {
                files.append(File(folder: "messages", name: "message \(message.id ?? 0).eml", bytes: try database.rawMessage(sha256: message.sha256)))
                json.key("raw"); json.string("messages/message \(message.id ?? 0).eml")
            }
            json.endObject()
        }
        json.endArray()
        json.key("replies"); json.beginArray()
        for reply in data.replies {
            json.beginObject()
            json.key("kind"); json.string(reply.kind.rawValue)
            json.key("state"); json.string(reply.state.rawValue)
            json.key("sent_at"); json.string(reply.sentAt.map(TimeText.rfc3339))
            json.key("message_id"); json.string(reply.rfc822MessageID)
            if let purged = reply.purgedAt {
                json.key("sha256"); json.string(reply.sha256)
                json.key("text"); json.string("removed by retention at \(TimeText.rfc3339(purged))")
            } else {
                json.key("sha256"); json.string(Digests.sha256Hex(Array(reply.bytes)))
                files.append(File(folder: "replies", name: "reply \(reply.id ?? 0).eml", bytes: Array(reply.bytes)))
                json.key("text"); json.string("replies/reply \(reply.id ?? 0).eml")
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return SubjectAccess(summary: json.text, files: files)
    }
}
