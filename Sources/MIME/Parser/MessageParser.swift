// Placeholder: the lead writes the real parser.

/// Parses raw RFC 5322 bytes into a ``Message``. Never throws on malformed input.
public final class MessageParser {
    public let limits: ParserLimits
    let charsets = CharsetDecoder()

    public init(limits: ParserLimits = .default) {
        self.limits = limits
    }

    public func parse(_ bytes: [UInt8]) -> Message {
        let root = Part(headers: HeaderList(), contentType: .defaultText, contentTypeWasDefaulted: true,
                        disposition: nil, transferEncoding: .sevenBit, path: "1", body: .leaf, rawBody: bytes[...])
        return Message(headers: HeaderList(), envelope: Envelope(), text: nil, root: root, defects: DefectSet())
    }
}
