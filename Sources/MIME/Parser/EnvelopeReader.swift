/// Decodes the envelope fields of a header block into an ``Envelope``.
struct EnvelopeReader {
    let charsets: CharsetDecoder
    let limits: ParserLimits

    func read(_ headers: HeaderList, defects: inout DefectSet) -> Envelope {
        var envelope = Envelope()
        var seenMessageID = false, seenSubject = false, seenDate = false, seenInReplyTo = false
        var seenReferences = false, seenAutoSubmitted = false
        for field in headers {
            switch field.name.lowercased() {
            case "message-id":
                guard !seenMessageID else { continue }
                seenMessageID = true
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
                guard !seenSubject else { continue }
                seenSubject = true
                envelope.subject = EncodedWords.decodeUnstructured(field.value, using: charsets, limits: limits,
                                                                   defects: &defects)
            case "date":
                guard !seenDate else { continue }
                seenDate = true
                envelope.date = DateParser.parse(field.value, defects: &defects)
            case "in-reply-to":
                guard !seenInReplyTo else { continue }
                seenInReplyTo = true
                envelope.inReplyTo = MessageIDParser.parseList(field.value, defects: &defects).first
            case "references":
                guard !seenReferences else { continue }
                seenReferences = true
                envelope.references = MessageIDParser.parseList(field.value, defects: &defects)
            case "auto-submitted":
                guard !seenAutoSubmitted else { continue }
                seenAutoSubmitted = true
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
