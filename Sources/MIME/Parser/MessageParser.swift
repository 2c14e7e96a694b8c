/// Parses raw RFC 5322 bytes into a ``Message``, the MIME tree of RFC 2045-2049 included.
///
/// Malformed input is never an error: the parser repairs what it can, records a ``Defect``
/// for each repair, and stops descending at the ``ParserLimits``. One pass over the bytes:
/// each body is scanned once for the delimiters of every open multipart, innermost first.
///
/// One parser per thread: it caches charset converters (``CharsetDecoder``) across messages.
///
/// For example:
/// ```swift
/// let parser = MessageParser()
/// let message = parser.parse(Array(rawBytes))
/// for leaf in message.leaves { print(leaf.path, leaf.contentType.mimeType, leaf.filename ?? "-") }
/// ```
public final class MessageParser {
    public let limits: ParserLimits
    /// The charset converters used for every header and text body this parser decodes.
    public let charsets: CharsetDecoder

    public init(limits: ParserLimits = .default) {
        self.limits = limits
        self.charsets = CharsetDecoder()
    }

    /// Parses one whole message.
    public func parse(_ input: [UInt8]) -> Message {
        var defects = DefectSet()
        var bytes = input
        if bytes.count > limits.maxMessageSize {
            defects.insert(.messageSizeLimit)
            bytes = Array(bytes[..<limits.maxMessageSize])
        }
        var session = ParseSession(parser: self, bytes: bytes)
        let message = bytes.withUnsafeBufferPointer { buffer in
            session.parseMessage(buffer, from: 0, to: buffer.count, boundaries: BoundaryStack(),
                                 depth: 0, pathPrefix: "", isTopLevel: true).message
        }
        defects.formUnion(session.defects)
        return Message(headers: message.headers, envelope: message.envelope, text: message.text,
                       root: message.root, defects: defects)
    }
}

/// The state of one `parse` call: the input, the defects found, the parts counted.
struct ParseSession {
    let parser: MessageParser
    let bytes: [UInt8]
    var defects = DefectSet()
    var partCount = 0
    var limits: ParserLimits { parser.limits }

    init(parser: MessageParser, bytes: [UInt8]) {
        self.parser = parser
        self.bytes = bytes
    }

    /// Parses a message (headers, then its body as one entity) that ends at `end` or at a delimiter of `boundaries`.
    mutating func parseMessage(
        _ buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        boundaries: BoundaryStack,
        depth: Int,
        pathPrefix: String,
        isTopLevel: Bool
    ) -> (message: Message, terminator: BodyTerminator) {
        let header = HeaderBlockParser(limits: limits).parse(buffer, from: start, to: end, boundaries: boundaries,
                                                            isTopLevel: isTopLevel, defects: &defects)
        // A message's own body carries the message's headers (Content-Type, ...); its path is the first section.
        let (root, terminator) = parseBody(buffer, headers: header.headers, bodyStart: header.bodyStart,
                                           endedAtBoundary: header.endedAtBoundary, to: end, boundaries: boundaries,
                                           depth: depth, path: pathPrefix.isEmpty ? "1" : pathPrefix + ".1",
                                           childPrefix: pathPrefix, defaultType: .defaultText)
        let envelope = EnvelopeReader(charsets: parser.charsets, limits: limits).read(header.headers, defects: &defects)
        let text = BodyTextExtractor(charsets: parser.charsets).text(of: root, defects: &defects)
        return (Message(headers: header.headers, envelope: envelope, text: text, root: root, defects: DefectSet()), terminator)
    }

    /// Parses a part whose header block starts at `start` (a child of a multipart).
    mutating func parsePart(
        _ buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        boundaries: BoundaryStack,
        depth: Int,
        path: String,
        defaultType: MediaType
    ) -> (part: Part, terminator: BodyTerminator) {
        let header = HeaderBlockParser(limits: limits).parse(buffer, from: start, to: end, boundaries: boundaries,
                                                            isTopLevel: false, defects: &defects)
        return parseBody(buffer, headers: header.headers, bodyStart: header.bodyStart,
                         endedAtBoundary: header.endedAtBoundary, to: end, boundaries: boundaries,
                         depth: depth, path: path, childPrefix: path, defaultType: defaultType)
    }

    /// Parses the body of an entity whose headers are known.
    ///
    /// - Parameters:
    ///   - path: the IMAP section of this entity (`1` for a single-part message body).
    ///   - childPrefix: what the sections of its children start with (`""` at the top of a message,
    ///     so that the children of a top-level multipart are `1`, `2`, ...).
    mutating func parseBody(
        _ buffer: UnsafeBufferPointer<UInt8>,
        headers: HeaderList,
        bodyStart: Int,
        endedAtBoundary: Bool,
        to end: Int,
        boundaries: BoundaryStack,
        depth: Int,
        path: String,
        childPrefix: String,
        defaultType: MediaType
    ) -> (part: Part, terminator: BodyTerminator) {
        partCount += 1
        let fields = PartFields(headers: headers, charsets: parser.charsets, defaultType: defaultType, defects: &defects)
        var part = Part(headers: headers, contentType: fields.contentType, contentTypeWasDefaulted: fields.contentTypeWasDefaulted,
                        disposition: fields.disposition, transferEncoding: fields.transferEncoding,
                        path: path.isEmpty ? "1" : path, body: .leaf, rawBody: bytes[bodyStart..<bodyStart])

        if endedAtBoundary {
            let terminator = boundaries.nextDelimiter(buffer, from: bodyStart, to: end, regionStart: bodyStart)
            return (part, terminator)
        }

        let type = fields.contentType
        let tooDeep = depth >= limits.maxNestingDepth
        if type.isMultipart {
            if let boundary = fields.boundary, !tooDeep {
                return parseMultipart(buffer, part: part, boundary: boundary, bodyStart: bodyStart, to: end,
                                      boundaries: boundaries, depth: depth, childPrefix: childPrefix)
            }
            defects.insert(tooDeep ? .nestingDepthLimit : .missingBoundaryParameter)
        } else if type.type == "message", Self.isEncapsulatedMessage(type.subtype), !tooDeep {
            return parseEncapsulated(buffer, part: part, bodyStart: bodyStart, to: end, boundaries: boundaries,
                                     depth: depth)
        } else if type.type == "message", Self.isEncapsulatedMessage(type.subtype) {
            defects.insert(.nestingDepthLimit)
        }

        let terminator = boundaries.nextDelimiter(buffer, from: bodyStart, to: end, regionStart: bodyStart)
        part.rawBody = bytes[bodyStart..<max(bodyStart, terminator.bodyEnd)]
        if type.type == "text", type.subtype == "plain", part.disposition?.kind != "attachment" {
            part.uuencodedFiles = findUUEncodedFiles(in: part)
        }
        return (part, terminator)
    }

    /// Files pasted into a text body with uuencode (`begin 644 name` ... `end`), as old clients send them.
    /// Each is a part against ``ParserLimits/maxPartCount``: 40,000 blocks in a body are 40,000 files
    /// to list, hash and store, as many as 40,000 MIME parts would be.
    private mutating func findUUEncodedFiles(in part: Part) -> [UUEncodedFile] {
        let room = max(0, limits.maxPartCount - partCount)
        let found: (files: [UUEncodedFile], cut: Bool)
        switch part.transferEncoding {
        case .sevenBit, .eightBit, .binary, .unknown:
            found = part.rawBody.withUnsafeBytes { UUDecoder.extractFiles(from: $0, maxFiles: room, defects: &defects) }
        case .quotedPrintable:
            let decoded = part.rawBody.withUnsafeBytes {
                TransferDecoder.decode($0, encoding: .quotedPrintable, defects: &defects)
            }
            found = decoded.withUnsafeBytes { UUDecoder.extractFiles(from: $0, maxFiles: room, defects: &defects) }
        case .base64, .uuencode:
            return []
        }
        partCount += found.files.count
        if found.cut { defects.insert(.partCountLimit) }
        return found.files
    }

    static func onlyLineEndsRemain(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = buffer[index]
            guard byte == ASCII.cr || byte == ASCII.lf || ASCII.isWhitespace(byte) else { return false }
            index += 1
        }
        return true
    }

    /// Whether the line at `start` is itself a delimiter of an open boundary.
    static func startsWithDelimiter(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, boundaries: BoundaryStack) -> Bool {
        guard start < end, buffer[start] == ASCII.dash else { return false }
        var ignored = false
        let (contentEnd, _) = buffer.lineEnd(from: start, to: end, sawBareCR: &ignored)
        return boundaries.match(buffer, lineStart: start, lineEnd: contentEnd) != nil
    }

    /// `message/rfc822` and `message/global` (RFC 6532) are descended; `message/delivery-status`,
    /// `message/external-body`, `message/partial` are leaves.
    static func isEncapsulatedMessage(_ subtype: String) -> Bool {
        subtype == "rfc822" || subtype == "global" || subtype == "news"
    }

    private mutating func parseMultipart(
        _ buffer: UnsafeBufferPointer<UInt8>,
        part: Part,
        boundary: [UInt8],
        bodyStart: Int,
        to end: Int,
        boundaries: BoundaryStack,
        depth: Int,
        childPrefix: String
    ) -> (part: Part, terminator: BodyTerminator) {
        var part = part
        let level = boundaries.depth
        let inner = boundaries.pushing(boundary)
        let childDefault: MediaType = part.contentType.subtype == "digest" ? .defaultDigestPart : .defaultText
        var children: [Part] = []
        var countCut = false
        var sawOwnDelimiter = false

        // The preamble runs to the first delimiter.
        var terminator = inner.nextDelimiter(buffer, from: bodyStart, to: end, regionStart: bodyStart)
        while true {
            guard let match = terminator.match else {
                // End of input inside the multipart.
                defects.insert(children.isEmpty ? .noBoundaryFound : .missingFinalBoundary)
                break
            }
            if match.level == level { sawOwnDelimiter = true }
            if match.level < level {
                // An enclosing boundary: this multipart was never closed.
                defects.insert(.missingFinalBoundary)
                break
            }
            if match.isClose {
                // The epilogue runs to the next delimiter of an enclosing multipart.
                terminator = boundaries.nextDelimiter(buffer, from: terminator.next, to: end, regionStart: terminator.next)
                break
            }
            if Self.onlyLineEndsRemain(buffer, from: terminator.next, end: end) {
                // A delimiter with nothing after it opens no part (malformed/014.eml, as GMime reads it).
                defects.insert(.missingFinalBoundary)
                terminator = .endOfInput(end)
                break
            }
            if Self.startsWithDelimiter(buffer, at: terminator.next, end: end, boundaries: inner) {
                // Two delimiter lines in a row enclose nothing, not an empty part (as GMime and Python read it).
                terminator = inner.nextDelimiter(buffer, from: terminator.next, to: end, regionStart: terminator.next)
                continue
            }
            if partCount >= limits.maxPartCount {
                countCut = true
                terminator = inner.nextDelimiter(buffer, from: terminator.next, to: end, regionStart: terminator.next)
                continue
            }
            let childPath = childPrefix.isEmpty ? "\(children.count + 1)" : "\(childPrefix).\(children.count + 1)"
            let (child, next) = parsePart(buffer, from: terminator.next, to: end, boundaries: inner, depth: depth + 1,
                                          path: childPath, defaultType: childDefault)
            children.append(child)
            terminator = next
        }
        if countCut { defects.insert(.partCountLimit) }
        if !sawOwnDelimiter {
            // No delimiter at all: keep the whole body as one text leaf so nothing is lost.
            part.contentType = .defaultText
            part.rawBody = bytes[bodyStart..<max(bodyStart, terminator.bodyEnd)]
            return (part, terminator)
        }
        part.body = .multipart(children)
        part.rawBody = bytes[bodyStart..<max(bodyStart, terminator.bodyEnd)]
        return (part, terminator)
    }

    private mutating func parseEncapsulated(
        _ buffer: UnsafeBufferPointer<UInt8>,
        part: Part,
        bodyStart: Int,
        to end: Int,
        boundaries: BoundaryStack,
        depth: Int
    ) -> (part: Part, terminator: BodyTerminator) {
        var part = part
        switch part.transferEncoding {
        case .base64, .quotedPrintable, .uuencode:
            // Not allowed by RFC 2046 5.2.1, but sent: decode, then parse the result on its own.
            let terminator = boundaries.nextDelimiter(buffer, from: bodyStart, to: end, regionStart: bodyStart)
            let raw = bytes[bodyStart..<max(bodyStart, terminator.bodyEnd)]
            part.rawBody = raw
            let decoded = raw.withUnsafeBytes { TransferDecoder.decode($0, encoding: part.transferEncoding, defects: &defects) }
            var nested = ParseSession(parser: parser, bytes: decoded)
            nested.partCount = partCount
            let inner = decoded.withUnsafeBufferPointer { innerBuffer in
                nested.parseMessage(innerBuffer, from: 0, to: innerBuffer.count, boundaries: BoundaryStack(),
                                    depth: depth + 1, pathPrefix: part.path, isTopLevel: false).message
            }
            defects.formUnion(nested.defects)
            partCount = nested.partCount
            part.body = .message(inner)
            return (part, terminator)
        default:
            let (inner, terminator) = parseMessage(buffer, from: bodyStart, to: end, boundaries: boundaries,
                                                   depth: depth + 1, pathPrefix: part.path, isTopLevel: false)
            part.body = .message(inner)
            part.rawBody = bytes[bodyStart..<max(bodyStart, terminator.bodyEnd)]
            return (part, terminator)
        }
    }
}
