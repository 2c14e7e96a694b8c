/// Accumulates the text of an HTML document as a reader sees it: runs of white space are one space,
/// no space at the start or end of a line, block boundaries are line breaks, and never more than one
/// blank line in a row.
///
/// Breaks and spaces are kept pending and only written when more text follows, so leading and trailing
/// blank lines and the spaces around a break never reach the output.
struct PlainTextBuilder {
    private(set) var bytes: [UInt8] = []
    /// Line breaks due before the next text (0, 1 or 2: two make the one blank line allowed).
    private var pendingBreaks = 0
    private var pendingSpace = false

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Collapsible white space in the text.
    mutating func space() {
        pendingSpace = true
    }

    /// A no-break space: collapses with the spaces around it, but, unlike them, makes a line of its own
    /// count, so Outlook's `<p>&nbsp;</p>` stays a blank line.
    mutating func visibleSpace() {
        if pendingBreaks > 0, !bytes.isEmpty { flush() }
        pendingSpace = true
    }

    /// A block boundary: text that follows starts `count` lines down (1: next line, 2: after a blank
    /// line); adjacent boundaries do not add up.
    mutating func blockBreak(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
    }

    /// `<br>` and newlines in `<pre>`: each one counts, up to the one blank line.
    mutating func lineBreak() {
        pendingBreaks = min(pendingBreaks &+ 1, 2)
    }

    /// Text that is not white space.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if pendingBreaks > 0 || pendingSpace { flush() }
        bytes.append(byte)
    }

    mutating func append(contentsOf text: UnsafeBufferPointer<UInt8>) {
        if pendingBreaks > 0 || pendingSpace { flush() }
        bytes.append(contentsOf: text)
    }

    mutating func append(contentsOf text: [UInt8]) {
        if pendingBreaks > 0 || pendingSpace { flush() }
        bytes.append(contentsOf: text)
    }

    /// White space that must stay as it is (inside `<pre>`).
    mutating func appendPreserved(_ byte: UInt8) {
        if pendingBreaks > 0 { flush() }
        pendingSpace = false
        bytes.append(byte)
    }

    /// The finished text, trimmed.
    mutating func finish() -> [UInt8] {
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\n") {
            bytes.removeLast()
        }
        return bytes
    }

    private mutating func flush() {
        if pendingBreaks > 0 {
            if !bytes.isEmpty {
                trimTrailingSpaces()
                for _ in 0..<pendingBreaks { bytes.append(UInt8(ascii: "\n")) }
            }
        } else if pendingSpace, let last = bytes.last, last != UInt8(ascii: " "), last != UInt8(ascii: "\n") {
            bytes.append(UInt8(ascii: " "))
        }
        pendingBreaks = 0
        pendingSpace = false
    }

    private mutating func trimTrailingSpaces() {
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
    }
}
