// STUB: to be replaced by the RFC 2047 work.

/// RFC 2047 encoded words (`=?charset?B|Q?...?=`) in header values.
public enum EncodedWords {
    /// Decodes an unstructured header value (Subject, Comments, ...) that is already unfolded.
    ///
    /// Raw 8-bit bytes are read as UTF-8 when valid, else in `fallbackCharset` (windows-1252 when nil),
    /// recording ``Defect/raw8BitHeader``.
    public static func decodeUnstructured(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        fallbackCharset: String? = nil,
        limits: ParserLimits = .default,
        defects: inout DefectSet
    ) -> String {
        String(decoding: Array(raw), as: UTF8.self)
    }
}
