/// Rewrites every line ending (LF, CR, CRLF) as CRLF.
///
/// libcurl dot-stuffs only after CRLF: with LF-only input a lone "." line ends DATA
/// early and the rest runs as SMTP commands (notes section 11). RFC 5322 §2.3 wants
/// CRLF anyway; CURLOPT_CRLF stays off so that CRLF input is not doubled.
enum CRLFNormalizer {
    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 32)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                output += [0x0D, 0x0A]
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                output += [0x0D, 0x0A]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
