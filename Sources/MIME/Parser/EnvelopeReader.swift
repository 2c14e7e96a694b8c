/// Decodes the envelope fields of a header block into an ``Envelope``.
struct EnvelopeReader {
    let charsets: CharsetDecoder
    let limits: ParserLimits

    /// The fields of which only the first counts, those already met: RFC 5322 section 3.6 allows
    /// one of each (Auto-Submitted is read the same way).
    private struct SingleFields: OptionSet {
        let rawValue: UInt8
        static let messageID = SingleFields(rawValue: 1 << 0)
        static let subject = SingleFields(rawValue: 1 << 1)
        static let date = SingleFields(rawValue: 1 << 2)
        static let inReplyTo = SingleFields(rawValue: 1 << 3)
        static let references = SingleFields(rawValue: 1 << 4)
        static let autoSubmitted = SingleFields(rawValue: 1 << 5)
    }

    func read(_ headers: HeaderList, defects: inout DefectSet) -> Envelope {
        var envelope = Envelope()
        var seen: SingleFields = []
        for field in headers {
            switch field.name.lowercased() {
            case "message-id":
                guard seen.insert(.messageID).inserted else { continue }
                envelope.messageID = MessageIDParser.parseSingle(field.value, defects: &defects)
            case "from":
                envelope.from += AddressParser.parseList(field.value, using: charsets, defects: &defects)
            case "sender":
                envelope.sender += AddressParser.parseList(field.value, using: charsets, defects: &defects)
            case "reply-to":
                envelope.replyTo += AddressParser.parseList(field.value, using: charsets, defects: &defects)
            case "to":
                envelope.to += AddressParser.parseList(field.value, using: charsets, defects: &defects)
            case "cc":
                envelope.cc += AddressParser.parseList(field.value, using: charsets, defects: &defects)
            case "subject":
                guard seen.insert(.subject).inserted else { continue }
                envelope.subject = EncodedWords.decodeUnstructured(field.value, using: charsets, limits: limits,
                                                                   defects: &defects)
            case "date":
                guard seen.insert(.date).inserted else { continue }
                envelope.date = DateParser.parse(field.value, defects: &defects)
            case "in-reply-to":
                guard seen.insert(.inReplyTo).inserted else { continue }
                envelope.inReplyTo = MessageIDParser.parseList(field.value, defects: &defects).first
            case "references":
                guard seen.insert(.references).inserted else { continue }
                envelope.references = MessageIDParser.parseList(field.value, defects: &defects)
            case "auto-submitted":
                guard seen.insert(.autoSubmitted).inserted else { continue }
                envelope.autoSubmitted = Self.keyword(field.value)
            default:
                continue
            }
        }
        return envelope
    }

    /// The leading token of a keyword field (`auto-replied; owner-email=...` → `auto-replied`), lowercased.
    static func keyword(_ value: [UInt8]) -> String? {
        var token: [UInt8] = []
        var commentDepth = 0
        for byte in value {
            if byte == 0x28 { commentDepth += 1; continue }
            if byte == 0x29 { commentDepth = max(0, commentDepth - 1); continue }
            if commentDepth > 0 { continue }
            if byte == 0x3B { break }
            if ASCII.isWhitespace(byte) {
                if token.isEmpty { continue } else { break }
            }
            token.append(ASCII.lowercased(byte))
        }
        return token.isEmpty ? nil : String(decoding: token, as: UTF8.self)
    }
}
