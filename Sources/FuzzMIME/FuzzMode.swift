import FuzzSupport
import MIME

/// The pure functions fuzzed on their own, chosen by the first input byte.
///
/// Fuzzing them directly (not only through a message) lets libFuzzer reach their corner cases
/// without first having to build a message that routes bytes to them. Control bytes are used
/// because no real message starts with one, so the mail seed corpus lands in message mode.
enum FuzzMode: UInt8, CaseIterable {
    case addressList = 0x01
    case date = 0x02
    case mediaType = 0x03
    case unstructuredHeader = 0x04
    case messageIDs = 0x05
    /// The next byte picks the encoding, the rest is the body.
    case transferDecode = 0x06
    case uuencodedBlocks = 0x07
    /// The next byte picks the charset name, the rest is the text.
    case charset = 0x08
    case htmlText = 0x09
    case transferEncodingHeader = 0x0A
    /// A whole message under tiny limits, so every limit path is reachable in a small input.
    case messageWithTightLimits = 0x0B

    func run(_ input: [UInt8]) {
        var defects = DefectSet()
        let decoder = CharsetDecoder()
        switch self {
        case .addressList:
            let list = AddressParser.parseList(input, using: decoder, defects: &defects)
            for address in list { Sink.take(address.name, address.address, address.group) }
        case .date:
            if let date = DateParser.parse(input) { Sink.take(date.rfc3339UTC, "\(date.utcOffsetMinutes)") }
        case .mediaType:
            if let type = MediaType.parse(input, using: decoder, defects: &defects) {
                Sink.take(type.mimeType, type.parameters["boundary"], type.parameters["charset"])
            }
            if let disposition = ContentDisposition.parse(input, using: decoder, defects: &defects) {
                Sink.take(disposition.kind, disposition.parameters["filename"])
            }
        case .unstructuredHeader:
            Sink.take(EncodedWords.decodeUnstructured(input, using: decoder, defects: &defects))
            Sink.take(EncodedWords.decodeUnstructured(input, using: decoder, fallbackCharset: "iso-8859-2",
                                                      defects: &defects))
        case .messageIDs:
            Sink.take(MessageIDParser.parseSingle(input, defects: &defects))
            for id in MessageIDParser.parseList(input, defects: &defects) { Sink.take(id) }
        case .transferDecode:
            let encoding = FuzzChoices.encoding(input.first ?? 0)
            let body = Array(input.dropFirst())
            let decoded = body.withUnsafeBytes { TransferDecoder.decode($0, encoding: encoding, defects: &defects) }
            Invariants.checkDecodedSize(decoded.count, encodedSize: body.count, encoding: encoding)
        case .uuencodedBlocks:
            let files = input.withUnsafeBytes { UUDecoder.extractFiles(from: $0, defects: &defects) }
            for file in files {
                Invariants.checkRange(file.range, within: input.count)
                Sink.take(file.filename, file.mode)
            }
        case .charset:
            let name = FuzzChoices.charset(input.first ?? 0)
            Sink.take(decoder.decode(input.dropFirst(), charset: name).text)
        case .htmlText:
            Sink.take(HTMLText.plainText(fromHTML: String(decoding: input, as: UTF8.self)))
        case .transferEncodingHeader:
            if let encoding = TransferEncoding(headerValue: input) { Sink.take("\(encoding)") }
        case .messageWithTightLimits:
            MessageFuzzer.run(input, limits: FuzzChoices.tightLimits)
        }
        Sink.take(defects.names)
    }
}
