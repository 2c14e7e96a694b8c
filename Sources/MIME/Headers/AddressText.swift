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

    /// Trims, collapses runs of white space to one space and strips surrounding double quotes (left
    /// by double quoting, `"\"Awa\""`, or inside an encoded word). Nil when nothing is left.
    ///
    /// The single quotes Outlook adds (`"'Awa Diallo'"`) are kept, as Python's `email` keeps them
    /// and as the golden fixtures (`fixtures/mime/structure/104-*`) expect.
    ///
    /// Works on UTF-8 bytes (white space and quotes are ASCII; U+00A0 counts as white space) and
    /// returns the string itself when it is already clean, which is the common case.
    static func normalizedDisplayName(_ text: String) -> String? {
        if let clean = text.utf8.withContiguousStorageIfAvailable({ isClean($0) }), clean {
            return text.isEmpty ? nil : text
        }
        return Array(text.utf8).withUnsafeBufferPointer { bytes in
            var collapsed: [UInt8] = []
            collapsed.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let width = spaceWidth(bytes, at: index)
                if width > 0 {
                    pendingSpace = !collapsed.isEmpty
                    index += width
                    continue
                }
                if pendingSpace {
                    collapsed.append(0x20)
                    pendingSpace = false
                }
                collapsed.append(bytes[index])
                index += 1
            }
            var lower = 0
            var upper = collapsed.count
            while upper - lower >= 2, collapsed[lower] == UInt8(ascii: "\""), collapsed[upper - 1] == UInt8(ascii: "\"") {
                lower += 1
                upper -= 1
                while lower < upper, collapsed[lower] == 0x20 { lower += 1 }
                while upper > lower, collapsed[upper - 1] == 0x20 { upper -= 1 }
            }
            guard lower < upper else { return nil }
            return String(decoding: collapsed[lower..<upper], as: UTF8.self)
        }
    }

    /// No white space but single spaces between words, no surrounding quotes.
    private static func isClean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || last == 0x20 { return false }
        if bytes.count >= 2, first == UInt8(ascii: "\""), last == UInt8(ascii: "\"") { return false }
        var previousWasSpace = false
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            }
            previousWasSpace = false
            if spaceWidth(bytes, at: index) > 0 { return false }
        }
        return true
    }

    /// The length of the white-space character at `index`, 0 when there is none.
    private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return 2
        default: return 0
        }
    }
}
