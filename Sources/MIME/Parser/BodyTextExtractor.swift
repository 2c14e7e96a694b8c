/// Chooses and decodes the readable text of a message: text/plain preferred, else HTML made readable.
///
/// multipart/alternative gives its plain-text version when it has one; multipart/mixed (Apple Mail
/// splits the text around inline attachments) gives all its inline text parts in order; related,
/// signed and report give their first part. Attachments and attached messages are not body text.
/// Line ends become `\n`, so CRLF and LF copies of a message give the same text.
struct BodyTextExtractor {
    let charsets: CharsetDecoder

    private enum Piece {
        case plain(String)
        case html(String)
    }

    func text(of root: Part, defects: inout DefectSet) -> String? {
        let pieces = collect(root, defects: &defects)
        guard !pieces.isEmpty else { return nil }
        let texts = pieces.map { piece -> String in
            switch piece {
            case .plain(let text): return text
            case .html(let html): return HTMLText.plainText(fromHTML: html)
            }
        }
        return Self.normalisingLineEnds(texts.joined(separator: "\n"))
    }

    private func collect(_ part: Part, defects: inout DefectSet) -> [Piece] {
        switch part.body {
        case .message:
            return []
        case .leaf:
            guard !part.isAttachment, part.contentType.type == "text" else { return [] }
            switch part.contentType.subtype {
            case "plain", "enriched", "richtext":
                return [.plain(decode(part, removingUUEncoded: true, defects: &defects))]
            case "html":
                return [.html(decode(part, removingUUEncoded: false, defects: &defects))]
            default:
                return []
            }
        case .multipart(let children):
            switch part.contentType.subtype {
            case "alternative":
                var fallback: [Piece] = []
                for child in children {
                    let pieces = collect(child, defects: &defects)
                    if pieces.contains(where: { if case .plain = $0 { true } else { false } }) { return pieces }
                    if fallback.isEmpty { fallback = pieces }
                }
                return fallback
            case "related", "signed", "report":
                guard let first = children.first else { return [] }
                return collect(first, defects: &defects)
            case "encrypted":
                return []
            default:
                var pieces: [Piece] = []
                for child in children { pieces += collect(child, defects: &defects) }
                return pieces
            }
        }
    }

    private func decode(_ part: Part, removingUUEncoded: Bool, defects: inout DefectSet) -> String {
        var bytes = part.decodedBody(defects: &defects)
        if removingUUEncoded, !part.uuencodedFiles.isEmpty {
            bytes = Self.removing(part.uuencodedFiles.map(\.range), from: bytes)
        }
        let decoded = charsets.decode(bytes, charset: part.declaredCharset)
        if let defect = decoded.defect { defects.insert(defect) }
        return decoded.text
    }

    /// `bytes` without the given ranges (ascending, as the blocks were found), in one pass: removing
    /// them one by one moves the rest of the body each time, quadratic for thousands of blocks.
    static func removing(_ ranges: [Range<Int>], from bytes: [UInt8]) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var position = 0
        for range in ranges where range.lowerBound >= position && range.upperBound <= bytes.count {
            kept.append(contentsOf: bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        kept.append(contentsOf: bytes[position...])
        return kept
    }

    static func normalisingLineEnds(_ text: String) -> String {
        guard text.utf8.contains(ASCII.cr) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == ASCII.cr {
                out.append(ASCII.lf)
                previousWasCR = true
                continue
            }
            if byte == ASCII.lf && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
