import TextBasics

/// The fields of a header block read so far, and the one still being unfolded.
///
/// A field is complete only when the next field or the end of the block begins, since any
/// white-space line after it continues it: ``begin(_:line:colon:defects:)`` and ``flush()`` close
/// it. ``HeaderBlockParser`` calls these once per line, so the per-line ones are inlined into its loop.
struct HeaderFieldAccumulator {
    let limits: ParserLimits
    private(set) var fields: [HeaderField] = []
    /// True when fields past ``ParserLimits/maxHeaderCount`` were dropped.
    private(set) var droppedForCount = false
    /// True when a value was cut at ``ParserLimits/maxHeaderLength``.
    private(set) var cutForLength = false
    // The field being gathered: its name, where its line starts, and the unfolded value so far.
    private var pendingName: String?
    private var pendingOffset = 0
    private var pendingValue: [UInt8] = []

    init(limits: ParserLimits) {
        self.limits = limits
    }

    /// Closes the field being gathered, if any, and begins the one whose name ends at `colon`.
    @inline(__always)
    mutating func begin(_ buffer: UnsafeBufferPointer<UInt8>, line: Range<Int>, colon: Int, defects: inout DefectSet) {
        flush()
        var nameEnd = colon
        while nameEnd > line.lowerBound, ASCII.isWhitespace(buffer[nameEnd - 1]) { nameEnd -= 1 }
        pendingName = Self.name(buffer, line.lowerBound..<nameEnd, defects: &defects)
        pendingOffset = line.lowerBound
        pendingValue.removeAll(keepingCapacity: true)
        var valueStart = colon + 1
        while valueStart < line.upperBound, ASCII.isWhitespace(buffer[valueStart]) { valueStart += 1 }
        Self.append(buffer, valueStart..<line.upperBound, to: &pendingValue, limit: limits.maxHeaderLength, cut: &cutForLength)
    }

    /// Folds a line that starts with white space into the field it continues. False when there is
    /// none to continue (the first line of a nested part's block): the caller reads it as any other line.
    @inline(__always)
    mutating func fold(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, isTopLevel: Bool, defects: inout DefectSet) -> Bool {
        if pendingName != nil {
            Self.append(buffer, line, to: &pendingValue, limit: limits.maxHeaderLength, cut: &cutForLength)
            return true
        }
        if fields.isEmpty && isTopLevel {
            // Leading white-space lines before any field: skip them as junk.
            defects.insert(.headerWithoutColon)
            return true
        }
        // A continuation with nothing to continue: the last field gets it.
        if var last = fields.popLast() {
            Self.append(buffer, line, to: &last.value, limit: limits.maxHeaderLength, cut: &cutForLength)
            fields.append(last)
            return true
        }
        return false
    }

    /// Keeps a stray line without a colon (a broken fold) with the field being gathered, after a space.
    mutating func appendStrayLine(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) {
        guard pendingName != nil else { return }
        Self.append(buffer, line, to: &pendingValue, limit: limits.maxHeaderLength, cut: &cutForLength, addSpace: true)
    }

    /// Closes the field being gathered: it joins the fields unless ``ParserLimits/maxHeaderCount`` is reached.
    mutating func flush() {
        guard let name = pendingName else { return }
        pendingName = nil
        if fields.count >= limits.maxHeaderCount {
            droppedForCount = true
            return
        }
        fields.append(HeaderField(name: name, value: pendingValue.trimmingASCIIWhitespace(), offset: pendingOffset))
    }

    /// Appends one physical line to an unfolded value, within `limit` bytes.
    private static func append(
        _ buffer: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>,
        to value: inout [UInt8],
        limit: Int,
        cut: inout Bool,
        addSpace: Bool = false
    ) {
        let room = limit - value.count
        guard room > 0 else {
            if !range.isEmpty { cut = true }
            return
        }
        if addSpace && !value.isEmpty { value.append(ASCII.space) }
        let take = min(range.count, room)
        if take < range.count { cut = true }
        value.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range.lowerBound..<(range.lowerBound + take)]))
    }

    private static func name(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, defects: inout DefectSet) -> String {
        let slice = UnsafeBufferPointer(rebasing: buffer[range])
        if slice.contains(where: { $0 >= 0x80 }) { defects.insert(.invalidHeaderName) }
        return String(decoding: slice, as: UTF8.self)
    }
}
