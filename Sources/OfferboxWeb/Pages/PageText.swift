import OfferCore
import OfferStore
import Logging
import Foundation
import Mustache

/// The escaping of every value the page templates print (`{{% CONTENT_TYPE: PAGE}}`).
///
/// Mustache's own HTML escaping compares Characters: a quote followed by a combining mark is one
/// Character that is not `"`, so `"\u{301} onmouseover=…` would leave an attribute unescaped. This
/// escapes by Unicode scalar, and shows bidi controls (which can make `CV‮fdp.exe` read as
/// `CVexe.pdf`) and other format characters as U+FFFD.
struct PageContentType: MustacheContentType {
    static let name = "PAGE"

    func escapeText(_ text: String) -> String { PageText.escaped(text) }

    /// Registered once, before any template is parsed.
    static let registered: Void = MustacheContentTypes.register(PageContentType(), named: name)
}

enum PageText {
    static func escaped(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            // Most text is printable ASCII with nothing to escape: no look-up of its category.
            if scalar.value >= 0x20, scalar.value < 0x7F, !"&<>\"'`".unicodeScalars.contains(scalar) {
                result.append(scalar)
                continue
            }
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&#39;".unicodeScalars)
            case "`": result.append(contentsOf: "&#96;".unicodeScalars)
            default:
                switch scalar.properties.generalCategory {
                case .format, .control where scalar != "\n" && scalar != "\t": result.append("\u{FFFD}")
                default: result.append(scalar)
                }
            }
        }
        return String(result)
    }

    /// A value for a query string: RFC 3986 unreserved characters kept, every other byte `%XX`.
    static func queryValue(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "-._~".utf8.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    /// `12.3 KB`, `1.2 MB`.
    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / (1024 * 1024))
    }

    /// `3 days 4 h`, `5 h 10 min`, `45 s`.
    static func duration(_ seconds: Int64) -> String {
        let s = abs(seconds)
        if s >= 86_400 { return "\(s / 86_400) days \((s % 86_400) / 3600) h" }
        if s >= 3600 { return "\(s / 3600) h \((s % 3600) / 60) min" }
        if s >= 60 { return "\(s / 60) min" }
        return "\(s) s"
    }
}
