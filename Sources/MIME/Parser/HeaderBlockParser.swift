import TextBasics

/// Splits a header block (RFC 5322 section 2.2) into fields.
///
/// Tolerant where real mail is broken: obsolete white space before the colon, raw 8-bit bytes,
/// LF, CRLF or bare CR line ends, continuation lines, lines without a colon, and a block that
/// runs into a MIME boundary with no blank line. Linear in the size of the block.
struct HeaderBlockParser {
    let limits: ParserLimits

    /// The fields and where the body begins.
    struct Result {
        var headers: HeaderList
        /// Index of the first body byte (after the blank line), or where the block was cut.
        var bodyStart: Int
        /// True when the block ended at a boundary line rather than a blank line.
        var endedAtBoundary: Bool
    }

    /// Parses the block starting at `start`, stopping before `end` or before a line that
    /// `boundaries` recognises as a delimiter.
    func parse(
        _ buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        boundaries: BoundaryStack,
        isTopLevel: Bool,
        defects: inout DefectSet
    ) -> Result {
        var fields: [HeaderField] = []
        var position = start
        var sawBareCR = false
        // The field being gathered: its name, where its value starts, and the unfolded value so far.
        var pendingName: String?
        var pendingOffset = 0
        var pendingValue: [UInt8] = []
        var droppedForCount = false
        var cutForLength = false

        func flush() {
            guard let name = pendingName else { return }
            pendingName = nil
            if fields.count >= limits.maxHeaderCount {
                droppedForCount = true
                return
            }
            fields.append(HeaderField(name: name, value: pendingValue.trimmingASCIIWhitespace(), offset: pendingOffset))
        }

        // An mbox "From " separator line before the first header is not a header.
        if isTopLevel, end - position >= 5,
           buffer[position] == 0x46, buffer[position + 1] == 0x72, buffer[position + 2] == 0x6F,
           buffer[position + 3] == 0x6D, buffer[position + 4] == ASCII.space {
            position = buffer.lineEnd(from: position, to: end, sawBareCR: &sawBareCR).next
        }

        var endedAtBoundary = false
        var bodyStart = end
        while position < end {
            let (contentEnd, next) = buffer.lineEnd(from: position, to: end, sawBareCR: &sawBareCR)
            if contentEnd == position {
                // The blank line: the body follows it.
                bodyStart = next
                break
            }
            let first = buffer[position]
            if ASCII.isWhitespace(first) {
                if pendingName != nil {
                    appendContinuation(buffer, position..<contentEnd, to: &pendingValue, cut: &cutForLength)
                    position = next
                    continue
                }
                if fields.isEmpty && isTopLevel {
                    // Leading white-space lines before any field: skip them as junk.
                    defects.insert(.headerWithoutColon)
                    position = next
                    continue
                }
                // A continuation with nothing to continue: the last field gets it.
                if var last = fields.popLast() {
                    appendContinuation(buffer, position..<contentEnd, to: &last.value, cut: &cutForLength)
                    fields.append(last)
                    position = next
                    continue
                }
            }
            if first == ASCII.dash, boundaries.match(buffer, lineStart: position, lineEnd: contentEnd) != nil {
                // A part whose headers run straight into the next boundary: no body at all.
                endedAtBoundary = true
                bodyStart = position
                break
            }
            guard let colon = Self.fieldNameEnd(buffer, position..<contentEnd) else {
                // A `--` line is a boundary whose multipart forgot the blank line (malformed/007.eml).
                if first != ASCII.dash, Self.looksLikeHeaderLine(buffer, from: next, to: end) {
                    // A stray line between fields (a broken fold): keep it with the field before.
                    defects.insert(.headerWithoutColon)
                    if pendingName != nil {
                        appendContinuation(buffer, position..<contentEnd, to: &pendingValue, cut: &cutForLength, addSpace: true)
                    }
                    position = next
                    continue
                }
                // The body began without the blank line that should separate it.
                defects.insert(.missingHeaderBodySeparator)
                bodyStart = position
                break
            }
            flush()
            var nameEnd = colon
            while nameEnd > position, ASCII.isWhitespace(buffer[nameEnd - 1]) { nameEnd -= 1 }
            pendingName = Self.name(buffer, position..<nameEnd, defects: &defects)
            pendingOffset = position
            pendingValue.removeAll(keepingCapacity: true)
            var valueStart = colon + 1
            while valueStart < contentEnd, ASCII.isWhitespace(buffer[valueStart]) { valueStart += 1 }
            appendContinuation(buffer, valueStart..<contentEnd, to: &pendingValue, cut: &cutForLength)
            position = next
        }
        if position >= end { bodyStart = end }
        flush()
        if sawBareCR { defects.insert(.bareCarriageReturn) }
        if droppedForCount { defects.insert(.headerCountLimit) }
        if cutForLength { defects.insert(.headerLengthLimit) }
        return Result(headers: HeaderList(fields), bodyStart: bodyStart, endedAtBoundary: endedAtBoundary)
    }

    /// Appends one physical line to an unfolded value, within the length limit.
    private func appendContinuation(
        _ buffer: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>,
        to value: inout [UInt8],
        cut: inout Bool,
        addSpace: Bool = false
    ) {
        let room = limits.maxHeaderLength - value.count
        guard room > 0 else {
            if !range.isEmpty { cut = true }
            return
        }
        if addSpace && !value.isEmpty { value.append(ASCII.space) }
        let take = min(range.count, room)
        if take < range.count { cut = true }
        value.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range.lowerBound..<(range.lowerBound + take)]))
    }

    /// The index of the colon ending a field name, or nil when the line is not a field.
    ///
    /// RFC 5322: printable US-ASCII except colon; obsolete syntax (section 4.5) allows white space before it.
    /// Raw 8-bit bytes are tolerated in the name (kept, not trusted); a space inside the name is not.
    static func fieldNameEnd(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        var sawName = false
        var sawTrailingSpace = false
        while index < range.upperBound {
            let byte = buffer[index]
            if byte == ASCII.colon { return sawName ? index : nil }
            if ASCII.isWhitespace(byte) {
                if !sawName { return nil }
                sawTrailingSpace = true
            } else {
                if sawTrailingSpace || byte < 0x21 || byte == 0x7F { return nil }
                sawName = true
            }
            index += 1
        }
        return nil
    }

    /// Whether the line at `start` is a `Name: value` field (used to tell a stray line from the body).
    static func looksLikeHeaderLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        var ignored = false
        let (contentEnd, _) = buffer.lineEnd(from: start, to: end, sawBareCR: &ignored)
        guard contentEnd > start, !ASCII.isWhitespace(buffer[start]) else { return false }
        return fieldNameEnd(buffer, start..<contentEnd) != nil
    }

    private static func name(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, defects: inout DefectSet) -> String {
        let slice = UnsafeBufferPointer(rebasing: buffer[range])
        if slice.contains(where: { $0 >= 0x80 }) { defects.insert(.invalidHeaderName) }
        return String(decoding: slice, as: UTF8.self)
    }
}
