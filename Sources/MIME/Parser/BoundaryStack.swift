import Glibc

/// The boundaries of the multiparts open around the current position, innermost last.
///
/// A delimiter line is `--boundary`, optionally followed by `--` (the close delimiter) and
/// transport padding (RFC 2046 section 5.1.1). Matching compares the whole rest of the line, so
/// a boundary that is a prefix of another (`=_abc` and `=_abc_1`) is never mistaken for it, and
/// the innermost boundary is tried first, as GMime and MimeKit do.
struct BoundaryStack {
    private(set) var boundaries: [[UInt8]] = []

    var depth: Int { boundaries.count }
    var isEmpty: Bool { boundaries.isEmpty }

    func pushing(_ boundary: [UInt8]) -> BoundaryStack {
        var copy = self
        copy.boundaries.append(boundary)
        return copy
    }

    /// A delimiter line that was recognised.
    struct Match {
        /// Index into ``boundaries`` (0 is the outermost).
        var level: Int
        var isClose: Bool
    }

    /// Whether the line `lineStart..<lineEnd` (line break excluded) is a delimiter of an open boundary.
    func match(_ buffer: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int) -> Match? {
        guard !boundaries.isEmpty, lineEnd - lineStart >= 2,
              buffer[lineStart] == ASCII.dash, buffer[lineStart + 1] == ASCII.dash else { return nil }
        var end = lineEnd
        while end > lineStart + 2, ASCII.isWhitespace(buffer[end - 1]) { end -= 1 }
        let candidateStart = lineStart + 2
        let candidateCount = end - candidateStart
        var level = boundaries.count - 1
        while level >= 0 {
            let boundary = boundaries[level]
            if candidateCount == boundary.count, equal(buffer, at: candidateStart, boundary) {
                return Match(level: level, isClose: false)
            }
            if candidateCount == boundary.count + 2, equal(buffer, at: candidateStart, boundary),
               buffer[end - 1] == ASCII.dash, buffer[end - 2] == ASCII.dash {
                return Match(level: level, isClose: true)
            }
            level -= 1
        }
        return nil
    }

    private func equal(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int, _ boundary: [UInt8]) -> Bool {
        boundary.withUnsafeBufferPointer { b in
            guard let lhs = buffer.baseAddress, let rhs = b.baseAddress else { return b.isEmpty }
            return memcmp(lhs + start, rhs, b.count) == 0
        }
    }
}

/// Where a body ended: at a delimiter line of an open boundary, or at the end of the input.
struct BodyTerminator {
    /// The delimiter matched, or nil at the end of the input.
    var match: BoundaryStack.Match?
    /// End of the body before it (the line break before the delimiter belongs to the delimiter).
    var bodyEnd: Int
    /// First byte after the delimiter line and its line break.
    var next: Int

    static func endOfInput(_ end: Int) -> BodyTerminator { BodyTerminator(match: nil, bodyEnd: end, next: end) }
}

extension BoundaryStack {
    /// Finds the next delimiter line of an open boundary at or after `start`.
    ///
    /// Scans for `-` with memchr, so base64 bodies (which hold no `-`) are skipped at memory speed.
    func nextDelimiter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, regionStart: Int) -> BodyTerminator {
        guard !boundaries.isEmpty else { return .endOfInput(end) }
        var position = start
        while let dash = buffer.firstIndex(of: ASCII.dash, from: position, to: end) {
            let atLineStart = dash == regionStart || buffer[dash - 1] == ASCII.lf || buffer[dash - 1] == ASCII.cr
            guard atLineStart, dash + 1 < end, buffer[dash + 1] == ASCII.dash else {
                position = dash + 1
                continue
            }
            var ignored = false
            let (contentEnd, next) = buffer.lineEnd(from: dash, to: end, sawBareCR: &ignored)
            if let match = match(buffer, lineStart: dash, lineEnd: contentEnd) {
                var bodyEnd = dash
                if bodyEnd > regionStart, buffer[bodyEnd - 1] == ASCII.lf {
                    bodyEnd -= 1
                    if bodyEnd > regionStart, buffer[bodyEnd - 1] == ASCII.cr { bodyEnd -= 1 }
                } else if bodyEnd > regionStart, buffer[bodyEnd - 1] == ASCII.cr {
                    bodyEnd -= 1
                }
                return BodyTerminator(match: match, bodyEnd: bodyEnd, next: next)
            }
            position = contentEnd > dash ? contentEnd : dash + 1
        }
        return .endOfInput(end)
    }
}
