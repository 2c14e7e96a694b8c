import MIME

/// Builds test messages from lines, so one text gives both its LF and its CRLF form.
enum TestMessage {
    static func lines(_ lines: [String], ending: String = "\r\n") -> [UInt8] {
        Array(lines.joined(separator: ending).utf8)
    }

    static func parse(_ lines: [String], ending: String = "\r\n", limits: ParserLimits = .default) -> Message {
        MessageParser(limits: limits).parse(Self.lines(lines, ending: ending))
    }

    /// The decoded bytes of a leaf as UTF-8 text.
    static func decodedText(_ part: Part) -> String {
        var defects = DefectSet()
        return String(decoding: part.decodedBody(defects: &defects), as: UTF8.self)
    }
}
