import MIME

/// Properties any correct result has; a violation traps so libFuzzer saves the input.
///
/// Kept loose on purpose: they catch amplification and bad offsets, not style choices.
enum Invariants {
    /// No transfer encoding expands data; twice the input (plus slack) leaves room for a
    /// decoder that normalises line ends, and still catches runaway output.
    static func checkDecodedSize(_ decodedSize: Int, encodedSize: Int, encoding: TransferEncoding) {
        if decodedSize > encodedSize * 2 + 64 {
            fatalError("invariant: \(encoding) decoded \(encodedSize) bytes into \(decodedSize)")
        }
    }

    static func checkRange(_ range: Range<Int>, within count: Int) {
        if range.lowerBound < 0 || range.upperBound > count {
            fatalError("invariant: range \(range) outside input of \(count) bytes")
        }
    }
}
