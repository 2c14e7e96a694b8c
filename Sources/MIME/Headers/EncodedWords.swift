import TextBasics

/// RFC 2047 encoded words (`=?charset?B|Q?...?=`) in header values.
///
/// Lenient the way mail clients are: `B`/`Q` in any case, words glued to text (`foo=?utf-8?q?bar?=`),
/// spaces and `?` inside Q text, a missing `?=`, broken base64, the RFC 2231 language suffix
/// (`=?utf-8*en?Q?...?=`). Adjacent words of one charset are decoded together, so a multi-byte
/// character split across two words survives (RFC 2047 section 5 forbids the split; encoders do it anyway).
public enum EncodedWords {
    /// Decodes an unstructured header value (Subject, Comments, ...) that is already unfolded.
    /// Blanks at either end (the space after the colon, a trailing CR) are dropped.
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
        let text = decodeCounting(raw, using: decoder, fallbackCharset: fallbackCharset, limits: limits, defects: &defects).text
        return text.trimmingASCIIWhitespace()
    }

    /// ``decodeUnstructured(_:using:fallbackCharset:limits:defects:)`` that also says how many words it decoded.
    static func decodeCounting(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        fallbackCharset: String? = nil,
        limits: ParserLimits = .default,
        defects: inout DefectSet
    ) -> (text: String, words: Int) {
        withBuffer(raw) { buffer in
            var scanner = EncodedWordScanner(decoder: decoder, fallbackCharset: fallbackCharset, limits: limits)
            let text = scanner.decode(buffer)
            defects.formUnion(scanner.defects)
            return (text, scanner.wordCount)
        }
    }

    /// The low-level form of ``decodeUnstructured(_:using:fallbackCharset:limits:defects:)``: decodes every
    /// encoded word found anywhere in `bytes` (also inside what would be quoted strings or comments).
    public static func decodeWords(
        in bytes: [UInt8],
        using decoder: CharsetDecoder,
        fallbackCharset: String? = nil,
        limits: ParserLimits = .default,
        defects: inout DefectSet
    ) -> String {
        decodeUnstructured(bytes, using: decoder, fallbackCharset: fallbackCharset, limits: limits, defects: &defects)
    }

    /// Decodes an RFC 5322 phrase (a display name) as written: `"Doe, John"`, `Jos=?utf-8?q?=C3=A9?=`,
    /// or an encoded word inside quotes as real clients send it (`"=?utf-8?Q?Jos=C3=A9?="`).
    ///
    /// Quoted strings lose their quotes and backslash escapes; runs of blanks outside quotes become one
    /// space; the result is trimmed. Comments are not special here: strip them before calling if needed.
    public static func decodePhrase(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        fallbackCharset: String? = nil,
        limits: ParserLimits = .default,
        defects: inout DefectSet
    ) -> String {
        let flat = unquotePhrase(raw)
        return decodeUnstructured(flat, using: decoder, fallbackCharset: fallbackCharset, limits: limits, defects: &defects)
    }

    /// The phrase with quoted strings opened (RFC 5322 section 3.2.4) and outside blanks collapsed.
    static func unquotePhrase(_ raw: some Collection<UInt8>) -> [UInt8] {
        var flat: [UInt8] = []
        flat.reserveCapacity(raw.count)
        var inQuotes = false
        var escaped = false
        var pendingBlank = false
        for byte in raw {
            if inQuotes {
                if escaped {
                    flat.append(byte)
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                } else if byte != 0x0D && byte != 0x0A {
                    flat.append(byte)
                }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A:
                pendingBlank = true
            case UInt8(ascii: "\""):
                if pendingBlank, !flat.isEmpty { flat.append(0x20) }
                pendingBlank = false
                inQuotes = true
            default:
                if pendingBlank, !flat.isEmpty { flat.append(0x20) }
                pendingBlank = false
                flat.append(byte)
            }
        }
        return flat
    }

    static func withBuffer<R>(_ raw: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = raw.withContiguousStorageIfAvailable(body) { return result }
        return Array(raw).withUnsafeBufferPointer(body)
    }
}
