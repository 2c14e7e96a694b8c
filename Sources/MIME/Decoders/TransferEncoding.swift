/// Content-Transfer-Encoding ([RFC 2045 section 6](https://www.rfc-editor.org/rfc/rfc2045#section-6)).
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit, eightBit, binary, base64, quotedPrintable
    /// `x-uuencode`, `uuencode`, `x-uue`, `uue`.
    case uuencode
    /// Anything else, lowercased; the body is kept as it is.
    case unknown(String)

    /// Reads a header value such as ` Base64 ` (case and white space ignored); nil for an empty value.
    ///
    /// Tolerated, because real mailers write them (RFC 2045 itself allows only the bare token):
    /// - RFC 5322 comments, `base64 (from the scanner)`, and surrounding quotes, `"base64"`;
    /// - a stray parameter list, `base64; charset=utf-8`: only what precedes the `;` counts;
    /// - `-`, `_` and spaces inside the word: `base-64`, `Quoted_Printable`, `7-bit` (GMime also takes
    ///   `7-bit`/`8-bit`), `quoted printable`;
    /// - `uue` (Python's `email` takes it) besides `x-uuencode`, `uuencode`, `x-uue`.
    ///
    /// Not guessed: `qp`, `b64` and other abbreviations are not seen from real mailers and no reference
    /// parser takes them; they are ``unknown(_:)`` and the body is kept as it is.
    public init?(headerValue: some Collection<UInt8>) {
        let token = Self.token(of: headerValue)
        guard !token.isEmpty else { return nil }
        // The word without separators, for the spellings above.
        let squeezed = token.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: " ") }
        switch String(decoding: squeezed, as: UTF8.self) {
        case "7bit": self = .sevenBit
        case "8bit": self = .eightBit
        case "binary": self = .binary
        case "base64": self = .base64
        case "quotedprintable": self = .quotedPrintable
        case "xuuencode", "uuencode", "xuue", "uue": self = .uuencode
        default: self = .unknown(String(decoding: token, as: UTF8.self))
        }
    }

    /// Convenience for a value already held as a string.
    public init?(_ headerValue: String) {
        self.init(headerValue: Array(headerValue.utf8))
    }

    /// The canonical token, as written in a header (`unknown` gives its lowercased value).
    public var name: String {
        switch self {
        case .sevenBit: "7bit"
        case .eightBit: "8bit"
        case .binary: "binary"
        case .base64: "base64"
        case .quotedPrintable: "quoted-printable"
        case .uuencode: "x-uuencode"
        case .unknown(let value): value
        }
    }

    /// The lowercased value without comments, quotes, a `;` tail, or outer white space; inner runs of
    /// white space become one space.
    private static func token(of value: some Collection<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        var commentDepth = 0
        var escaped = false
        var pendingSpace = false
        for byte in value {
            if commentDepth > 0 {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "(") {
                    commentDepth &+= 1
                } else if byte == UInt8(ascii: ")") {
                    commentDepth &-= 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "("):
                commentDepth = 1
                pendingSpace = true
            case UInt8(ascii: ";"):
                return result
            case UInt8(ascii: "\""):
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                pendingSpace = true
            default:
                if pendingSpace, !result.isEmpty { result.append(UInt8(ascii: " ")) }
                pendingSpace = false
                result.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
        }
        return result
    }
}

extension TransferEncoding: CustomStringConvertible {
    public var description: String { name }
}

/// Undoes transfer encodings. Tolerant: bad input is decoded as far as possible and recorded.
public enum TransferDecoder {
    /// Decodes `body` from `encoding`; identity for 7bit, 8bit, binary and unknown encodings.
    ///
    /// An unknown encoding also records ``Defect/unknownTransferEncoding`` (a ``DefectSet`` keeps each
    /// defect once, so the parser may record it as well when it reads the header).
    public static func decode(
        _ body: UnsafeRawBufferPointer,
        encoding: TransferEncoding,
        defects: inout DefectSet
    ) -> [UInt8] {
        switch encoding {
        case .sevenBit, .eightBit, .binary:
            return Array(body)
        case .base64:
            return Base64Decoder.decode(body, defects: &defects)
        case .quotedPrintable:
            return QuotedPrintableDecoder.decode(body, defects: &defects)
        case .uuencode:
            return UUDecoder.decode(body, defects: &defects)
        case .unknown:
            defects.insert(.unknownTransferEncoding)
            return Array(body)
        }
    }

    /// Convenience for callers holding an array.
    public static func decode(_ body: [UInt8], encoding: TransferEncoding, defects: inout DefectSet) -> [UInt8] {
        body.withUnsafeBytes { decode($0, encoding: encoding, defects: &defects) }
    }
}
