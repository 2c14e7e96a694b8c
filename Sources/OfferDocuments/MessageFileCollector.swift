import MIME

/// Lists the files of a message: every attachment and named inline part (attached messages
/// included, since ``Message/leaves`` descends into them), uuencoded files, the entries of zip
/// attachments and the files inside TNEF winmail.dat. Not files: the zip or winmail.dat itself
/// (its contents are), signatures (`application/pkcs7-signature`, `application/pgp-signature`),
/// and inline images referenced by the HTML (`Content-ID` in a multipart/related: logos).
///
/// At most `maxFiles` are listed, whatever holds them; past it ``Defect/fileCountLimit`` and the
/// rest are not unpacked at all. Zips inflate within the message's `budget`.
struct MessageFileCollector {
    let limits: ArchiveLimits
    var maxFiles: Int = .max
    var budget: MessageBudget?
    var decodedBodies: [String: [UInt8]] = [:]

    private static let notDocuments: Set<String> = [
        "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
        "application/pgp-encrypted", "application/pgp-keys", "message/delivery-status", "message/disposition-notification",
        "text/rfc822-headers", "message/feedback-report",
    ]

    func files(of message: Message, defects: inout DefectSet) -> [MessageFile] {
        var files: [MessageFile] = []
        let referenced = Self.contentIDsReferenced(in: message)
        leaves: for leaf in message.leaves {
            for (index, uu) in leaf.uuencodedFiles.enumerated() {
                guard files.count < maxFiles else { defects.insert(.fileCountLimit); break leaves }
                files.append(MessageFile(filename: uu.filename, partPath: "\(leaf.path).uu\(index + 1)", archive: nil, origin: .uuencoded,
                                         mediaType: MediaType.guess(forFilename: uu.filename).mimeType, bytes: uu.data))
            }
            guard isFile(leaf, referencedIDs: referenced) else { continue }
            guard files.count < maxFiles else { defects.insert(.fileCountLimit); break leaves }
            var partDefects = DefectSet()
            let bytes = decodedBodies[leaf.path] ?? leaf.decodedBody(defects: &partDefects)
            let filename = leaf.filename
            let mediaType = leaf.contentType.mimeType
            let lowerName = filename?.lowercased() ?? ""
            if mediaType == "application/ms-tnef" || mediaType == "application/vnd.ms-tnef" || lowerName == "winmail.dat"
                || (TNEFReader.isTNEF(bytes) && !lowerName.hasSuffix(".pdf")) {
                if let inner = TNEFReader.files(in: bytes, defects: &defects) {
                    for file in inner {
                        guard files.count < maxFiles else { defects.insert(.fileCountLimit); break leaves }
                        files.append(MessageFile(filename: file.filename, partPath: leaf.path, archive: nil, origin: .tnef,
                                                 mediaType: MediaType.guess(forFilename: file.filename ?? "").mimeType, bytes: file.bytes))
                    }
                    continue
                }
                defects.insert(.tnefUnreadable)
                continue
            }
            if isZipAttachment(mediaType: mediaType, lowerName: lowerName, bytes: bytes) {
                let entries = ZipUnpacker(limits: limits, budget: budget).unpack(bytes, maxFiles: maxFiles - files.count, defects: &defects)
                for entry in entries {
                    let name = entry.path
                    files.append(MessageFile(filename: name, partPath: leaf.path, archive: filename ?? "archive.zip", origin: .zipEntry,
                                             mediaType: MediaType.guess(forFilename: name).mimeType, bytes: entry.bytes))
                }
                continue
            }
            files.append(MessageFile(filename: filename, partPath: leaf.path, archive: nil, origin: .part, mediaType: mediaType,
                                     charset: leaf.declaredCharset, bytes: bytes))
        }
        return files
    }

    /// An attachment, or a named inline part that is not a decoration.
    private func isFile(_ part: Part, referencedIDs: Set<String>) -> Bool {
        guard case .leaf = part.body else { return false }
        let mediaType = part.contentType.mimeType
        if Self.notDocuments.contains(mediaType) { return false }
        let named = part.filename != nil
        if part.contentType.type == "image", let id = part.headers.first("Content-ID").map({ Self.bareID($0.valueText) }),
           part.disposition?.kind != "attachment" || referencedIDs.contains(id) {
            return false   // a logo or signature picture shown in the HTML
        }
        if part.isAttachment { return named || part.disposition?.kind == "attachment" && part.contentType.type != "text" }
        return named
    }

    /// The Content-IDs the HTML parts show (`src="cid:logo@x"`), lowercased, without brackets.
    static func contentIDsReferenced(in message: Message) -> Set<String> {
        var ids: Set<String> = []
        for leaf in message.leaves where leaf.contentType.mimeType == "text/html" {
            var ignored = DefectSet()
            let html = leaf.decodedBody(defects: &ignored).prefix(4 << 20)
            // `cid:` in any case, then the id up to a quote, a space, `>` or `)`: scanned as bytes
            // (all ASCII), so that only the ids are decoded and lowercased, not the whole HTML.
            var index = html.startIndex
            while index + 4 <= html.endIndex {
                guard html[index] | 0x20 == UInt8(ascii: "c"), html[index + 1] | 0x20 == UInt8(ascii: "i"),
                      html[index + 2] | 0x20 == UInt8(ascii: "d"), html[index + 3] == UInt8(ascii: ":") else {
                    index += 1
                    continue
                }
                index += 4
                let end = html[index...].firstIndex { Self.idTerminators.contains($0) } ?? html.endIndex
                if end > index { ids.insert(String(decoding: html[index..<end], as: UTF8.self).lowercased()) }
            }
        }
        return ids
    }

    private static let idTerminators: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: " "), UInt8(ascii: ">"), UInt8(ascii: ")")]

    static func bareID(_ value: String) -> String {
        String(value.lowercased().filter { $0 != "<" && $0 != ">" && !$0.isWhitespace })
    }

    private func isZipAttachment(mediaType: String, lowerName: String, bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B else { return false }
        if lowerName.hasSuffix(".zip") || mediaType == "application/zip" || mediaType == "application/x-zip-compressed"
            || mediaType == "application/x-zip" {
            return !OfficeTextExtractor.isOfficeName(lowerName)
        }
        return false
    }
}
