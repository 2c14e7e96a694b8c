import Glibc

/// Byte constants and small scanning helpers shared by the parsers.
enum ASCII {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let dash: UInt8 = 0x2D

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` in `from..<to`, using memchr (vectorised in glibc).
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let base = baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The end of the line starting at `start`: the index of its line break (or `to`), and the index after it.
    ///
    /// A line ends at LF, CRLF or a bare CR (old Macintosh mail); `sawBareCR` reports the last.
    @inline(__always)
    func lineEnd(from start: Int, to: Int, sawBareCR: inout Bool) -> (contentEnd: Int, next: Int) {
        var index = start
        while index < to {
            let byte = self[index]
            if byte == ASCII.lf { return (index, index + 1) }
            if byte == ASCII.cr {
                if index + 1 < to, self[index + 1] == ASCII.lf { return (index, index + 2) }
                if index + 1 < to { sawBareCR = true }
                return (index, index + 1)
            }
            index += 1
        }
        return (to, to)
    }
}
