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
        var gathered = HeaderFieldAccumulator(limits: limits)
        var position = start
        var sawBareCR = false
        // An mbox "From " separator line before the first header is not a header.
        if isTopLevel, Self.startsWithFromLine(buffer, at: position, end: end) {
            position = buffer.lineEnd(from: position, to: end, sawBareCR: &sawBareCR).next
        }
        // Running off `end` without a blank line leaves no body.
        var blockEnd = BlockEnd(bodyStart: end, atBoundary: false)
        while position < end {
            let (contentEnd, next) = buffer.lineEnd(from: position, to: end, sawBareCR: &sawBareCR)
            let line = Line(start: position, contentEnd: contentEnd, next: next)
            if let stop = read(line, buffer, end: end, boundaries: boundaries, isTopLevel: isTopLevel,
                               into: &gathered, defects: &defects) {
                blockEnd = stop
                break
            }
            position = next
        }
        gathered.flush()
        if sawBareCR { defects.insert(.bareCarriageReturn) }
        if gathered.droppedForCount { defects.insert(.headerCountLimit) }
        if gathered.cutForLength { defects.insert(.headerLengthLimit) }
        return Result(headers: HeaderList(gathered.fields), bodyStart: blockEnd.bodyStart,
                      endedAtBoundary: blockEnd.atBoundary)
    }

    /// One physical line: where it starts, where its content ends (before the line end), and where the next starts.
    private struct Line {
        let start: Int
        let contentEnd: Int
        let next: Int

        var content: Range<Int> { start..<contentEnd }
    }

    /// Where the header block stopped.
    private struct BlockEnd {
        /// Index of the first body byte (after the blank line), or where the block was cut.
        var bodyStart: Int
        /// True when a boundary line ended the block rather than a blank line.
        var atBoundary: Bool
    }

    /// Reads one line into `gathered`: a fold of the field before, a new field, or a stray line.
    /// Returns where the block ends when the line ends it (a blank line, a boundary, the body), else nil.
    @inline(__always)
    private func read(
        _ line: Line,
        _ buffer: UnsafeBufferPointer<UInt8>,
        end: Int,
        boundaries: BoundaryStack,
        isTopLevel: Bool,
        into gathered: inout HeaderFieldAccumulator,
        defects: inout DefectSet
    ) -> BlockEnd? {
        if line.contentEnd == line.start {
            // The blank line: the body follows it.
            return BlockEnd(bodyStart: line.next, atBoundary: false)
        }
        let first = buffer[line.start]
        if ASCII.isWhitespace(first), gathered.fold(buffer, line.content, isTopLevel: isTopLevel, defects: &defects) {
            return nil
        }
        if first == ASCII.dash, boundaries.match(buffer, lineStart: line.start, lineEnd: line.contentEnd) != nil {
            // A part whose headers run straight into the next boundary: no body at all.
            return BlockEnd(bodyStart: line.start, atBoundary: true)
        }
        guard let colon = Self.fieldNameEnd(buffer, line.content) else {
            return readLineWithoutColon(line, first: first, buffer, end: end, into: &gathered, defects: &defects)
        }
        gathered.begin(buffer, line: line.content, colon: colon, defects: &defects)
        return nil
    }

    /// A line that is not a field: kept with the field before when a field follows it, else the
    /// first line of a body that came without its blank line.
    private func readLineWithoutColon(
        _ line: Line,
        first: UInt8,
        _ buffer: UnsafeBufferPointer<UInt8>,
        end: Int,
        into gathered: inout HeaderFieldAccumulator,
        defects: inout DefectSet
    ) -> BlockEnd? {
        // A `--` line is a boundary whose multipart forgot the blank line (malformed/007.eml).
        if first != ASCII.dash, Self.looksLikeHeaderLine(buffer, from: line.next, to: end) {
            // A stray line between fields (a broken fold): keep it with the field before.
            defects.insert(.headerWithoutColon)
            gathered.appendStrayLine(buffer, line.content)
            return nil
        }
        // The body began without the blank line that should separate it.
        defects.insert(.missingHeaderBodySeparator)
        return BlockEnd(bodyStart: line.start, atBoundary: false)
    }

    /// Whether the block opens with an mbox `From ` separator line.
    private static func startsWithFromLine(_ buffer: UnsafeBufferPointer<UInt8>, at position: Int, end: Int) -> Bool {
        end - position >= 5
            && buffer[position] == 0x46 && buffer[position + 1] == 0x72 && buffer[position + 2] == 0x6F
            && buffer[position + 3] == 0x6D && buffer[position + 4] == ASCII.space
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
}
