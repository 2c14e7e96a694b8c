import MIME
import OfferboxService
import OfferCore
import OfferDocuments

/// What `parse` reports for one message: the contract's `parse --json` object.
struct MessageReport {
    /// One leaf part, or a file found uuencoded inside a text part.
    struct PartReport {
        var path: String
        var contentType: String
        var charset: String?
        var filename: String?
        var disposition: String?
        var size: Int
        var sha256: String
    }

    var source: String
    var envelope: Envelope
    var text: String?
    var parts: [PartReport]
    var documents: [DocumentReport] = []
    /// Links to cloud drives and transfer services in the body: not documents (offerbox's addition).
    var hostedLinks: [String] = []
    var defects: [String]

    /// `analyzer` nil: no documents (`parse --no-documents`, and the MIME-only goldens).
    init(source: String, message: Message, analyzer: DocumentAnalyzer? = nil) {
        self.source = source
        self.envelope = message.envelope
        self.text = message.text
        var defects = message.defects
        var parts: [PartReport] = []
        var decodedBodies: [String: [UInt8]] = [:]
        for leaf in message.leaves {
            let decoded = leaf.decodedBody(defects: &defects)
            if analyzer != nil { decodedBodies[leaf.path] = decoded }
            parts.append(PartReport(
                path: leaf.path,
                contentType: leaf.contentType.mimeType,
                charset: leaf.declaredCharset.map { CharsetDecoder.canonicalName($0) ?? $0 },
                filename: leaf.filename,
                disposition: leaf.disposition?.kind,
                size: decoded.count,
                sha256: Digests.sha256Hex(decoded)))
            for (index, file) in leaf.uuencodedFiles.enumerated() {
                parts.append(PartReport(
                    path: "\(leaf.path).uu\(index + 1)",
                    contentType: MediaType.guess(forFilename: file.filename).mimeType,
                    charset: nil,
                    filename: file.filename,
                    disposition: "attachment",
                    size: file.data.count,
                    sha256: Digests.sha256Hex(file.data)))
            }
        }
        self.parts = parts
        if let analyzer {
            let analysis = analyzer.analyze(message, decodedBodies: decodedBodies)
            self.documents = DocumentReport.reports(for: analysis) { $0.sha256 }
            defects.formUnion(analysis.defects)
            hostedLinks = analysis.hostedLinks
        }
        self.defects = defects.names
    }

    /// Writes the object in the contract's key order.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("source"); json.string(source)
        json.key("message_id"); json.string(envelope.messageID)
        json.key("from"); Self.write(envelope.from, to: &json)
        json.key("reply_to"); Self.write(envelope.replyTo, to: &json)
        json.key("to"); Self.write(envelope.to, to: &json)
        json.key("cc"); Self.write(envelope.cc, to: &json)
        json.key("subject"); json.string(envelope.subject)
        json.key("date"); json.string(envelope.date?.rfc3339UTC)
        json.key("in_reply_to"); json.string(envelope.inReplyTo)
        json.key("references")
        json.beginArray()
        for reference in envelope.references { json.string(reference) }
        json.endArray()
        json.key("auto_submitted"); json.string(envelope.autoSubmitted)
        json.key("text"); json.string(text)
        json.key("parts")
        json.beginArray()
        for part in parts {
            json.beginObject()
            json.key("path"); json.string(part.path)
            json.key("content_type"); json.string(part.contentType)
            json.key("charset"); json.string(part.charset)
            json.key("filename"); json.string(part.filename)
            json.key("disposition"); json.string(part.disposition)
            json.key("size"); json.int(part.size)
            json.key("sha256"); json.string(part.sha256)
            json.endObject()
        }
        json.endArray()
        json.key("documents")
        json.beginArray()
        for document in documents { document.write(to: &json) }
        json.endArray()
        json.key("defects")
        json.beginArray()
        for defect in defects { json.string(defect) }
        json.endArray()
        json.key("hosted_links")
        json.beginArray()
        for link in hostedLinks { json.string(link) }
        json.endArray()
        json.endObject()
    }

    private static func write(_ addresses: [MailAddress], to json: inout JSONWriter) {
        json.beginArray()
        for address in addresses {
            json.beginObject()
            json.key("name"); json.string(address.name)
            json.key("address"); json.string(address.address)
            json.endObject()
        }
        json.endArray()
    }

    /// The human summary printed without `--json`.
    var summary: String {
        var lines: [String] = []
        lines.append("\(source)")
        let from = envelope.from.map { [$0.name, $0.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ") }
        lines.append("  From:    \(from.joined(separator: ", "))")
        lines.append("  Subject: \(envelope.subject ?? "-")")
        lines.append("  Date:    \(envelope.date?.rfc3339UTC ?? "-")")
        for part in parts {
            let name = part.filename.map { " \"\($0)\"" } ?? ""
            lines.append("  part \(part.path): \(part.contentType)\(name), \(part.size) bytes")
        }
        for document in documents {
            let name = document.filename.map { "\"\($0)\"" } ?? "(mail body)"
            let archive = document.archive.map { " in \($0)" } ?? ""
            lines.append("  document: \(document.kind) \(name)\(archive), part \(document.part), confidence \(Int((document.confidence * 100).rounded()))%")
        }
        if !defects.isEmpty { lines.append("  defects: \(defects.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
