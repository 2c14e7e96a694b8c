/// Turning the bytes of an address or display name into the strings of a ``MailAddress``.
enum AddressText {
    /// An addr-spec as text. ASCII is taken as is; 8-bit bytes are UTF-8 (RFC 6532 addresses) when
    /// valid, else guessed by the decoder (windows-1252), so that no byte is lost to U+FFFD.
    static func string(fromAddressBytes bytes: [UInt8], decoder: CharsetDecoder) -> String {
        guard bytes.contains(where: { $0 >= 0x80 }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return decoder.decode(bytes, charset: nil).text
    }

    /// Trims, collapses runs of white space to one space and strips surrounding quotes: the double
    /// quotes left by encoded words or double quoting, and the single quotes Outlook adds
    /// (`"'Awa Diallo'"`). Nil when nothing is left.
    static func normalizedDisplayName(_ text: String) -> String? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        var lower = 0
        var upper = scalars.count
        while upper - lower >= 2, scalars[lower] == scalars[upper - 1],
              scalars[lower] == "\"" || scalars[lower] == "'" {
            lower += 1
            upper -= 1
            while lower < upper, scalars[lower] == " " { lower += 1 }
            while upper > lower, scalars[upper - 1] == " " { upper -= 1 }
        }
        guard lower < upper else { return nil }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[lower..<upper])
        return String(result)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\r", "\n", "\u{0B}", "\u{0C}", "\u{A0}": return true
        default: return false
        }
    }
}
