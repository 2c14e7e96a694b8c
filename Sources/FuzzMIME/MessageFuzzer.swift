import FuzzSupport
import MIME

/// Parses one input as a whole message and touches everything the parser produced.
///
/// Walking the tree matters as much as parsing: leaf bodies are decoded here with
/// ``TransferDecoder`` exactly as `offerbox parse` does, so the decoders are fuzzed on the
/// slices the parser really cuts, and lazily computed fields (dates, text) are forced.
enum MessageFuzzer {
    static func run(_ bytes: [UInt8], limits: ParserLimits = .default) {
        let message = MessageParser(limits: limits).parse(bytes)
        // An explicit stack, not recursion: the harness must not overflow where the parser would not.
        var pendingMessages: [Message] = [message]
        var pendingParts: [Part] = []
        var visited = 0
        while let next = pendingMessages.popLast() {
            touch(next)
            pendingParts.append(next.root)
            while let part = pendingParts.popLast() {
                visited &+= 1
                if visited > limits.maxPartCount &* 4 &+ 64 {
                    fatalError("invariant: walked \(visited) parts, limit is \(limits.maxPartCount)")
                }
                touch(part, in: bytes)
                switch part.body {
                case .leaf:
                    break
                case .multipart(let children):
                    pendingParts.append(contentsOf: children.reversed())
                case .message(let inner):
                    pendingMessages.append(inner)
                }
            }
        }
    }

    private static func touch(_ message: Message) {
        let envelope = message.envelope
        Sink.take(envelope.messageID, envelope.subject, envelope.inReplyTo, envelope.autoSubmitted, message.text)
        Sink.take(envelope.date?.rfc3339UTC)
        for list in [envelope.from, envelope.sender, envelope.replyTo, envelope.to, envelope.cc] {
            for address in list { Sink.take(address.name, address.address, address.group) }
        }
        Sink.take(envelope.references)
        Sink.take(message.defects.names)
        touch(message.headers)
    }

    private static func touch(_ part: Part, in bytes: [UInt8]) {
        touch(part.headers)
        Sink.take(part.path, part.contentType.mimeType, part.declaredCharset, part.filename,
                  part.disposition?.kind, part.isAttachment ? "attachment" : nil)
        guard case .leaf = part.body else { return }
        for file in part.uuencodedFiles {
            Invariants.checkRange(file.range, within: part.rawBody.count)
            Sink.take(file.filename, file.mode)
            Sink.take(bytes: file.data)
        }
        var defects = DefectSet()
        let decoded = part.rawBody.withUnsafeBytes {
            TransferDecoder.decode($0, encoding: part.transferEncoding, defects: &defects)
        }
        Invariants.checkDecodedSize(decoded.count, encodedSize: part.rawBody.count, encoding: part.transferEncoding)
        Sink.take(bytes: decoded)
        Sink.take(defects.names)
    }

    private static func touch(_ headers: HeaderList) {
        for field in headers { Sink.take(field.name, field.valueText) }
    }
}
