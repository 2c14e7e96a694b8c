// STUB: to be replaced by the transfer-encoding work.

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
public enum UUDecoder {
    /// Every uuencoded block of a plain-text body, in order.
    public static func extractFiles(from text: UnsafeRawBufferPointer, defects: inout DefectSet) -> [UUEncodedFile] {
        []
    }
}
