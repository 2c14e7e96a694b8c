import TextBasics

extension Part {
    /// The part's file name: Content-Disposition `filename`, else Content-Type `name` (MimeKit's order).
    ///
    /// - Important: it comes from the sender; never use it as a path without sanitising it.
    public var filename: String? {
        if let name = disposition?.parameters["filename"], !name.isEmpty { return name }
        if let name = contentType.parameters["name"], !name.isEmpty { return name }
        return nil
    }

    /// The declared charset parameter, lowercased and trimmed; nil when absent.
    public var declaredCharset: String? {
        guard let label = contentType.parameters["charset"] else { return nil }
        let trimmed = label.trimmingASCIIWhitespace().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether the part is meant to be saved rather than read: `Content-Disposition: attachment`,
    /// or a file name on a part that is not plain text or HTML.
    public var isAttachment: Bool {
        if disposition?.kind == "attachment" { return true }
        if filename != nil && !(contentType.type == "text" && (contentType.subtype == "plain" || contentType.subtype == "html")) {
            return true
        }
        return false
    }

    /// The bytes of a leaf after undoing its Content-Transfer-Encoding (no charset conversion).
    public func decodedBody(defects: inout DefectSet) -> [UInt8] {
        rawBody.withUnsafeBytes { TransferDecoder.decode($0, encoding: transferEncoding, defects: &defects) }
    }

    /// The children of a multipart, the body of an attached message, nothing for a leaf.
    public var children: [Part] {
        switch body {
        case .leaf: return []
        case .multipart(let parts): return parts
        case .message(let message): return [message.root]
        }
    }

    /// Every leaf under this part, depth first, descending into multiparts and attached messages.
    public var leaves: [Part] {
        var result: [Part] = []
        var stack: [Part] = [self]
        while let next = stack.popLast() {
            switch next.body {
            case .leaf: result.append(next)
            case .multipart(let parts): stack.append(contentsOf: parts.reversed())
            case .message(let message): stack.append(message.root)
            }
        }
        return result
    }
}

extension Message {
    /// Every leaf part of the message, depth first, attached messages included.
    public var leaves: [Part] { root.leaves }
}
