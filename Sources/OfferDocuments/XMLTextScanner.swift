/// A small, tolerant XML tokenizer for the text of office documents: it reports start tags (name
/// and raw attributes), end tags and character data (entities decoded), skips comments,
/// processing instructions, CDATA markers and DOCTYPEs, and never fails on broken markup.
/// Linear in the input; names keep their prefix (`w:t`, `text:p`).
struct XMLTextScanner {
    enum Event {
        case start(name: Substring, attributes: Substring, selfClosing: Bool)
        case end(name: Substring)
        case text(String)
    }

    /// Calls `handle` for each event, in order.
    static func scan(_ bytes: [UInt8], _ handle: (Event) -> Void) {
        let xml = String(decoding: bytes, as: UTF8.self)
        let utf8 = xml.utf8
        var index = utf8.startIndex
        var textStart = index
        func flushText(upTo end: String.Index) {
            if textStart < end {
                let raw = xml[textStart..<end]
                handle(.text(raw.utf8.contains(UInt8(ascii: "&")) ? decodeEntities(raw) : String(raw)))
            }
        }
        while index < utf8.endIndex {
            guard utf8[index] == UInt8(ascii: "<") else {
                index = utf8.index(after: index)
                continue
            }
            flushText(upTo: index)
            let tagStart = utf8.index(after: index)
            // Comments, CDATA, DOCTYPE, processing instructions.
            if utf8[tagStart...].starts(with: "!--".utf8) {
                index = find(xml, "-->", from: tagStart).map { xml.index($0, offsetBy: 3) } ?? xml.endIndex
                textStart = index
                continue
            }
            if utf8[tagStart...].starts(with: "![CDATA[".utf8) {
                let contentStart = xml.index(tagStart, offsetBy: 8)
                let end = find(xml, "]]>", from: contentStart) ?? xml.endIndex
                handle(.text(String(xml[contentStart..<end])))
                index = end < xml.endIndex ? xml.index(end, offsetBy: 3) : end
                textStart = index
                continue
            }
            guard let close = utf8[tagStart...].firstIndex(of: UInt8(ascii: ">")) else {
                textStart = xml.endIndex
                break
            }
            let inside = xml[tagStart..<close]
            index = utf8.index(after: close)
            textStart = index
            guard let first = inside.utf8.first else { continue }
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { continue }
            if first == UInt8(ascii: "/") {
                handle(.end(name: Self.name(at: inside.dropFirst())))
                continue
            }
            let selfClosing = inside.utf8.last == UInt8(ascii: "/")
            let body = selfClosing ? inside.dropLast() : inside
            let name = Self.name(at: body)
            handle(.start(name: name, attributes: body[name.endIndex...], selfClosing: selfClosing))
        }
        flushText(upTo: xml.endIndex)
    }

    /// The tag name that opens `tag`: up to the first white space (XML's white space is ASCII, so
    /// the bytes are searched rather than the characters).
    private static func name(at tag: Substring) -> Substring {
        let end = tag.utf8.firstIndex { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ?? tag.endIndex
        return tag[..<end]
    }

    private static func find(_ text: String, _ needle: String, from start: String.Index) -> String.Index? {
        text[start...].firstRange(of: needle)?.lowerBound
    }

    /// The value of attribute `name` in a raw attribute string (`t="s" r="B2"`).
    static func attribute(_ name: String, in attributes: Substring) -> Substring? {
        var rest = attributes[...]
        while let range = rest.firstRange(of: name + "=") {
            let before = rest[..<range.lowerBound].last
            let afterEquals = rest[range.upperBound...]
            if before == nil || before!.isWhitespace, let quote = afterEquals.first, quote == "\"" || quote == "'" {
                let value = afterEquals.dropFirst().prefix { $0 != quote }
                return value
            }
            rest = rest[range.upperBound...]
        }
        return nil
    }

    /// `&lt; &gt; &amp; &quot; &apos; &#N; &#xN;` decoded; unknown references kept as written.
    static func decodeEntities(_ raw: Substring) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        var rest = raw
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let afterAmp = rest[rest.index(after: amp)...]
            guard let semi = afterAmp.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = afterAmp
                continue
            }
            let name = afterAmp[..<semi]
            var replacement: String?
            switch name {
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "amp": replacement = "&"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    replacement = String(scalar)
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                    replacement = String(scalar)
                }
            }
            if let replacement {
                out += replacement
                rest = afterAmp[afterAmp.index(after: semi)...]
            } else {
                out += "&"
                rest = afterAmp
            }
        }
        out += rest
        return out
    }
}
