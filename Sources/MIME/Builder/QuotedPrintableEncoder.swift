/// Quoted-printable encoding of a text body (RFC 2045 section 6.7), for replies.
///
/// Line breaks become CRLF; lines are cut with soft breaks so none exceeds 76 characters; `=`,
/// non-ASCII bytes, control characters and white space before a line break are escaped. A line
/// that starts with `.` or `From ` is escaped too, so SMTP dot-stuffing and mbox "From "
/// quoting can never change the bytes a reader sees.
public enum QuotedPrintableEncoder {
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var lineLength = 0
        let bytes = Array(text.utf8)
        var index = 0
        let hex = Array("0123456789ABCDEF".utf8)

        func append(_ chunk: [UInt8]) {
            // A soft break keeps each encoded line at most 76 characters, "=" included.
            if lineLength + chunk.count > 75 {
                out += [0x3D, 0x0D, 0x0A]
                lineLength = 0
            }
            out += chunk
            lineLength += chunk.count
        }

        func escaped(_ byte: UInt8) -> [UInt8] { [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                // CRLF, LF or a lone CR: one hard line break.
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                out += [0x0D, 0x0A]
                lineLength = 0
                index += 1
                continue
            }
            let atLineStart = lineLength == 0
            let nextIsLineEnd = index + 1 >= bytes.count || bytes[index + 1] == 0x0D || bytes[index + 1] == 0x0A
            let needsEscape: Bool
            switch byte {
            case 0x3D: needsEscape = true
            case 0x20, 0x09: needsEscape = nextIsLineEnd
            case 0x2E: needsEscape = atLineStart
            case 0x46 where atLineStart: needsEscape = bytes[index...].starts(with: Array("From ".utf8))
            case 0x21...0x7E: needsEscape = false
            default: needsEscape = true
            }
            append(needsEscape ? escaped(byte) : [byte])
            index += 1
        }
        return out
    }
}
