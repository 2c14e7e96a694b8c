import OfferCore
import OfferStore
import Logging
/// The headers of a document download, from a file name the applicant chose: hostile by default.
///
/// Always `attachment` (RFC 6266): a browser saves the file and never renders it in the page's
/// origin, so an HTML, SVG or XML "CV" cannot run script there. The type is `application/pdf` for a
/// PDF and `application/octet-stream` for anything else, with `nosniff` set by the server.
enum DownloadHeaders {
    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 section 4.3, RFC 8187).
    static func contentDisposition(_ name: String) -> String {
        let cleaned = String(String.UnicodeScalarView(name.unicodeScalars.filter { scalar in
            // No controls, no format characters (bidi overrides): the saved name reads as it is.
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return false
            default: return scalar != "/" && scalar != "\\"
            }
        }))
        // At most 255 bytes of UTF-8, cut between characters: a header stays small (a proxy's
        // buffer is a few KB) and the name fits a file system.
        var name = cleaned.isEmpty ? "document" : cleaned
        while name.utf8.count > 255 { name.removeLast() }
        // The fallback: printable ASCII without the characters Windows refuses in a name (and `%`,
        // which some browsers decode), others as `_`.
        let ascii = String(name.unicodeScalars.map { scalar -> Character in
            (0x20...0x7E).contains(scalar.value) && !"\"%<>:|?*".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        })
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(percentEncoded(name))"
    }

    /// RFC 8187 `attr-char` kept, every other byte of the UTF-8 as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "!#$&+-.^_`|~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// `application/pdf` when the bytes are a PDF, else `application/octet-stream`: the name and
    /// the part's declared type are the applicant's, the bytes decide.
    static func contentType(of bytes: [UInt8]) -> String {
        bytes.starts(with: Array("%PDF-".utf8)) ? "application/pdf" : "application/octet-stream"
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
