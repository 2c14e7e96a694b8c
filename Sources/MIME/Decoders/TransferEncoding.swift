// STUB: the decoders are to be replaced by the transfer-encoding work.

/// Content-Transfer-Encoding (RFC 2045 section 6).
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit, eightBit, binary, base64, quotedPrintable
    /// `x-uuencode`, `uuencode`, `x-uue`.
    case uuencode
    /// Anything else, lowercased; the body is kept as it is.
    case unknown(String)

    /// Reads a header value such as ` Base64 ` (case and white space ignored); nil for an empty value.
    public init?(headerValue: some Collection<UInt8>) {
        return nil
    }
}

/// Undoes transfer encodings. Tolerant: bad input is decoded as far as possible and recorded.
public enum TransferDecoder {
    /// Decodes `body` from `encoding`; identity for 7bit, 8bit, binary and unknown encodings.
    public static func decode(
        _ body: UnsafeRawBufferPointer,
        encoding: TransferEncoding,
        defects: inout DefectSet
    ) -> [UInt8] {
        Array(body)
    }
}
