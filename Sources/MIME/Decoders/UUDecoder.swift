/// A file found as a `begin MODE NAME` ... `end` block inside a plain-text body.
public struct UUEncodedFile: Sendable, Hashable {
    /// The name written after `begin MODE`.
    public var filename: String
    /// The octal mode written after `begin`, e.g. `644`.
    public var mode: String
    /// Byte offsets of the whole block (from `begin` to the end of the `end` line) in the scanned text.
    public var range: Range<Int>
    /// The decoded file.
    public var data: [UInt8]

    public init(filename: String, mode: String, range: Range<Int>, data: [UInt8]) {
        self.filename = filename
        self.mode = mode
        self.range = range
        self.data = data
    }
}

/// uuencode (and `Content-Transfer-Encoding: x-uuencode`) decoding.
///
/// The format (POSIX `uuencode`, [XCU uuencode](https://pubs.opengroup.org/onlinepubs/9799919799/utilities/uuencode.html)):
/// `begin MODE NAME`, then lines of one length character followed by groups of 4 characters for 3 bytes,
/// each character being 0x20 + a 6-bit value (a backtick, 0x60, also means 0), a zero-length line and `end`.
/// `begin-base64 MODE NAME` ... `====` (`uuencode -m`) is read too.
///
/// Tolerated, recording ``Defect/invalidUUEncode``: a missing `end` (the block stops before the first
/// line that is not data), short lines (missing characters count as 0: transports strip trailing spaces).
/// Characters after the ones a line's length calls for (some encoders add a checksum) are ignored silently.
public enum UUDecoder {
    /// Every uuencoded block of a plain-text body, in order.
    ///
    /// A `begin` line counts only if a data line, the zero-length line or `end` follows it, so prose that
    /// happens to start a line with "begin 100 ..." is left alone.
    public static func extractFiles(from text: UnsafeRawBufferPointer, defects: inout DefectSet) -> [UUEncodedFile] {
        extractFiles(from: text, maxFiles: .max, defects: &defects).files
    }

    /// The first `maxFiles` blocks; `cut` when a further block was found (and left undecoded).
    public static func extractFiles(
        from text: UnsafeRawBufferPointer,
        maxFiles: Int,
        defects: inout DefectSet
    ) -> (files: [UUEncodedFile], cut: Bool) {
        var lines = LineReader(text)
        var files: [UUEncodedFile] = []
        while let line = lines.next() {
            guard let header = BeginLine(line, in: text) else { continue }
            let afterBegin = lines
            guard let block = readBlock(header, lines: &lines, in: text, defects: &defects) else {
                lines = afterBegin
                continue
            }
            if files.count >= maxFiles { return (files, true) }
            files.append(
                UUEncodedFile(
                    filename: header.filename,
                    mode: header.mode,
                    range: line.start..<block.end,
                    data: block.data
                )
            )
        }
        return (files, false)
    }

    /// Decodes a whole body sent with `Content-Transfer-Encoding: x-uuencode`: the first `begin` block,
    /// or, when there is none, every line that reads as uuencoded data (recording ``Defect/invalidUUEncode``).
    public static func decode(_ body: UnsafeRawBufferPointer, defects: inout DefectSet) -> [UInt8] {
        var blockDefects = DefectSet()
        if let first = extractFiles(from: body, defects: &blockDefects).first {
            defects.formUnion(blockDefects)
            return first.data
        }
        defects.insert(.invalidUUEncode)
        var lines = LineReader(body)
        var output: [UInt8] = []
        while let line = lines.next() {
            let bytes = UnsafeRawBufferPointer(rebasing: body[line.start..<line.contentEnd])
            if let length = DataLine.length(of: bytes), length > 0 {
                DataLine.decode(bytes, length: length, into: &output)
            }
        }
        return output
    }

    /// Convenience for callers holding an array.
    public static func extractFiles(from text: [UInt8], defects: inout DefectSet) -> [UUEncodedFile] {
        text.withUnsafeBytes { extractFiles(from: $0, defects: &defects) }
    }

    /// Convenience for callers holding an array.
    public static func decode(_ body: [UInt8], defects: inout DefectSet) -> [UInt8] {
        body.withUnsafeBytes { decode($0, defects: &defects) }
    }

    private struct Block {
        var data: [UInt8]
        /// Offset just past the block's last line (its line break included).
        var end: Int
    }

    /// Reads the lines after a `begin` line; nil when they do not look like a block at all.
    private static func readBlock(
        _ header: BeginLine,
        lines: inout LineReader,
        in text: UnsafeRawBufferPointer,
        defects: inout DefectSet
    ) -> Block? {
        header.isBase64
            ? readBase64Block(lines: &lines, in: text, defects: &defects)
            : readClassicBlock(lines: &lines, in: text, defects: &defects)
    }

    private static func readClassicBlock(
        lines: inout LineReader,
        in text: UnsafeRawBufferPointer,
        defects: inout DefectSet
    ) -> Block? {
        var data: [UInt8] = []
        var end: Int?
        var sawData = false
        var sawZeroLine = false
        var sawEnd = false
        var problem = false
        while true {
            let beforeLine = lines
            guard let line = lines.next() else {
                problem = true
                break
            }
            let bytes = UnsafeRawBufferPointer(rebasing: text[line.start..<line.contentEnd])
            if isEndLine(bytes) {
                end = line.end
                sawEnd = true
                break
            }
            if sawZeroLine {
                // Data is over but `end` is missing: the block stops before this line.
                lines = beforeLine
                problem = true
                break
            }
            guard let length = DataLine.length(of: bytes) else {
                guard sawData else { return nil }
                lines = beforeLine
                problem = true
                break
            }
            if length == 0 {
                sawZeroLine = true
                end = line.end
                continue
            }
            if !DataLine.decode(bytes, length: length, into: &data) { problem = true }
            sawData = true
            end = line.end
        }
        // Without data or `end` this was prose that began with "begin".
        guard sawData || sawEnd, let end else { return nil }
        if problem { defects.insert(.invalidUUEncode) }
        return Block(data: data, end: end)
    }

    /// `begin-base64`: base64 lines up to a `====` line.
    private static func readBase64Block(
        lines: inout LineReader,
        in text: UnsafeRawBufferPointer,
        defects: inout DefectSet
    ) -> Block? {
        var encoded: [UInt8] = []
        var end: Int?
        var terminated = false
        while true {
            let beforeLine = lines
            guard let line = lines.next() else { break }
            let bytes = UnsafeRawBufferPointer(rebasing: text[line.start..<line.contentEnd])
            if bytes.elementsEqual("====".utf8) {
                end = line.end
                terminated = true
                break
            }
            let isBase64Line = !bytes.isEmpty && bytes.allSatisfy { Base64Tables.sextets[Int($0)] <= Base64Tables.pad }
            guard isBase64Line else {
                lines = beforeLine
                break
            }
            encoded.append(contentsOf: bytes)
            end = line.end
        }
        guard let end else { return nil }
        if !terminated { defects.insert(.invalidUUEncode) }
        return Block(data: Base64Decoder.decode(encoded, defects: &defects), end: end)
    }

    /// `end`, with nothing but white space after it.
    private static func isEndLine(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 3, line[0] == UInt8(ascii: "e"), line[1] == UInt8(ascii: "n"), line[2] == UInt8(ascii: "d")
        else { return false }
        return line.dropFirst(3).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}

extension UUDecoder {
    /// One line of the text: `start..<contentEnd` without its line break, `end` past it.
    struct Line {
        var start: Int
        var contentEnd: Int
        var end: Int
    }

    /// Lines split at LF; a CR before the LF is not content.
    struct LineReader {
        let text: UnsafeRawBufferPointer
        var position = 0

        init(_ text: UnsafeRawBufferPointer) { self.text = text }

        mutating func next() -> Line? {
            guard position < text.count else { return nil }
            let start = position
            var index = start
            while index < text.count, text[index] != UInt8(ascii: "\n") { index &+= 1 }
            let end = index < text.count ? index &+ 1 : index
            var contentEnd = index
            if contentEnd > start, text[contentEnd &- 1] == UInt8(ascii: "\r") { contentEnd &-= 1 }
            position = end
            return Line(start: start, contentEnd: contentEnd, end: end)
        }
    }

    /// `begin MODE NAME` or `begin-base64 MODE NAME`: MODE is 1 to 4 octal digits, NAME the rest of the line.
    struct BeginLine {
        var mode: String
        var filename: String
        var isBase64: Bool

        init?(_ line: Line, in text: UnsafeRawBufferPointer) {
            let bytes = UnsafeRawBufferPointer(rebasing: text[line.start..<line.contentEnd])
            var index: Int
            if bytes.starts(with: "begin-base64 ".utf8) {
                isBase64 = true
                index = 13
            } else if bytes.starts(with: "begin ".utf8) {
                isBase64 = false
                index = 6
            } else {
                return nil
            }
            let modeStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "7") { index &+= 1 }
            let modeLength = index &- modeStart
            guard (1...4).contains(modeLength), index < bytes.count, bytes[index] == UInt8(ascii: " ") else { return nil }
            mode = String(decoding: bytes[modeStart..<index], as: UTF8.self)
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index &+= 1 }
            var nameEnd = bytes.count
            while nameEnd > index, bytes[nameEnd &- 1] == UInt8(ascii: " ") || bytes[nameEnd &- 1] == UInt8(ascii: "\t") {
                nameEnd &-= 1
            }
            guard nameEnd > index else { return nil }
            filename = String(decoding: bytes[index..<nameEnd], as: UTF8.self)
        }
    }

    /// A classic uuencoded line.
    enum DataLine {
        /// The byte count its first character announces, or nil when the line is not uuencoded data:
        /// a character outside 0x20...0x60 among the ones the count calls for. An empty line is the
        /// zero-length line whose space a transport stripped.
        static func length(of line: UnsafeRawBufferPointer) -> Int? {
            guard let first = line.first else { return 0 }
            guard isUUCharacter(first) else { return nil }
            let length = Int(value(first))
            let needed = (length &+ 2) / 3 * 4
            let present = min(needed, line.count &- 1)
            for index in 0..<present where !isUUCharacter(line[1 &+ index]) { return nil }
            return length
        }

        /// Appends the `length` bytes of a line; false when characters were missing (decoded as 0).
        ///
        /// Stripped trailing spaces are zeros, so a short line is padded, but by one group of four
        /// characters at most: a line of a length character alone must not become 45 bytes, or a
        /// message of such lines would decode to 20 times its size (found by fuzzing).
        @discardableResult
        static func decode(_ line: UnsafeRawBufferPointer, length: Int, into output: inout [UInt8]) -> Bool {
            let needed = (length &+ 2) / 3 * 4
            let complete = line.count &- 1 >= needed
            let covered = (max(0, line.count &- 1) &+ 4) / 4 * 3
            var remaining = min(length, covered)
            var index = 1
            while remaining > 0 {
                var group: UInt32 = 0
                for offset in 0..<4 {
                    let position = index &+ offset
                    let sextet = position < line.count ? value(line[position]) : 0
                    group = group << 6 | UInt32(sextet)
                }
                let take = min(3, remaining)
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                if take > 1 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
                if take > 2 { output.append(UInt8(truncatingIfNeeded: group)) }
                remaining &-= take
                index &+= 4
            }
            return complete
        }

        @inline(__always)
        static func isUUCharacter(_ byte: UInt8) -> Bool { byte >= 0x20 && byte <= 0x60 }

        /// 6-bit value of a character; the backtick (0x60) is 0 like the space.
        @inline(__always)
        static func value(_ byte: UInt8) -> UInt8 { (byte &- 0x20) & 0x3F }
    }
}
