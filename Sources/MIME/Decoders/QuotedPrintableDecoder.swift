/// Tolerant quoted-printable decoding of message bodies ([RFC 2045 section 6.7](https://www.rfc-editor.org/rfc/rfc2045#section-6.7)).
///
/// - `=XX` becomes the byte XX; lowercase hex digits are accepted without a defect (note 2 of 6.7 counts
///   `abcdef` as hex digits), as Python and GMime do.
/// - A soft line break, `=` at the end of a line, disappears together with the line break (CRLF or LF).
///   White space between the `=` and the line break is allowed: it is the grammar's `transport-padding`,
///   which "receivers MUST be able to handle".
/// - Trailing white space on a line is removed (rule 3: "must be deleted"); encoded white space (`=20`)
///   and white space before a soft line break are kept.
/// - Hard line breaks are kept as they are in the input: CRLF stays CRLF, LF stays LF. A bare CR is data.
/// - Any other `=` (`=G1`, `=4` at the end, `=` before a bare CR) is kept literally with the bytes after
///   it, recording ``Defect/invalidQuotedPrintable``.
///
/// Python's `quopri`/`binascii.a2b_qp` and GMime 3.2 keep trailing white space and read `= \n` as a
/// literal `=`; ``Compatibility/pythonAndGMime`` does the same, for byte parity in benchmarks. On other
/// malformed input the three disagree with each other (`==3D`: Python `=3D`, GMime `==3D`, here `==`;
/// `=` before a bare CR: Python drops the rest of the line, GMime and we keep it).
public enum QuotedPrintableDecoder {
    /// Which reading of the two rules where decoders disagree.
    public enum Compatibility: Sendable, Hashable {
        /// RFC 2045: delete trailing white space, allow white space after a soft-break `=`.
        case rfc2045
        /// Keep trailing white space; `=` followed by white space is a literal `=`.
        case pythonAndGMime
    }

    /// Decodes a quoted-printable body; never fails, records what it had to repair.
    public static func decode(
        _ input: UnsafeRawBufferPointer,
        compatibility: Compatibility = .rfc2045,
        defects: inout DefectSet
    ) -> [UInt8] {
        guard let source = input.baseAddress, input.count > 0 else { return [] }
        var invalid = false
        // Decoding never makes the body longer.
        let output = [UInt8](unsafeUninitializedCapacity: input.count) { buffer, initializedCount in
            guard let destination = buffer.baseAddress else {
                initializedCount = 0
                return
            }
            initializedCount = 0
            QuotedPrintableTables.hexValue.withUnsafeBufferPointer { hexValue in
                guard let hexValue = hexValue.baseAddress else { return }
                var run = Run(
                    source: source.assumingMemoryBound(to: UInt8.self),
                    count: input.count,
                    destination: destination,
                    hexValue: hexValue,
                    rfc: compatibility == .rfc2045
                )
                run.decode()
                invalid = run.invalid
                initializedCount = run.written
            }
        }
        if invalid { defects.insert(.invalidQuotedPrintable) }
        return output
    }

    /// Convenience for callers holding an array.
    public static func decode(
        _ input: [UInt8],
        compatibility: Compatibility = .rfc2045,
        defects: inout DefectSet
    ) -> [UInt8] {
        input.withUnsafeBytes { decode($0, compatibility: compatibility, defects: &defects) }
    }
}

extension QuotedPrintableDecoder {
    private static let equals = UInt8(ascii: "=")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// One decoding pass. Trailing white space is removed when a line ends, by stepping the output back,
    /// but never past `keptUntil`: the end of the last decoded escape or soft line break.
    private struct Run {
        let source: UnsafePointer<UInt8>
        let count: Int
        let destination: UnsafeMutablePointer<UInt8>
        let hexValue: UnsafePointer<UInt8>
        let rfc: Bool
        var position = 0
        var written = 0
        var keptUntil = 0
        var invalid = false

        init(
            source: UnsafePointer<UInt8>,
            count: Int,
            destination: UnsafeMutablePointer<UInt8>,
            hexValue: UnsafePointer<UInt8>,
            rfc: Bool
        ) {
            self.source = source
            self.count = count
            self.destination = destination
            self.hexValue = hexValue
            self.rfc = rfc
        }

        mutating func decode() {
            while position < count {
                copyPlainRun()
                guard position < count else { break }
                let byte = source[position]
                if byte == QuotedPrintableDecoder.equals {
                    decodeEquals()
                } else if byte == QuotedPrintableDecoder.lineFeed {
                    endLine(breakLength: 1)
                } else if position &+ 1 < count, source[position &+ 1] == QuotedPrintableDecoder.lineFeed {
                    endLine(breakLength: 2)
                } else {
                    // A bare CR is data.
                    destination[written] = byte
                    written &+= 1
                    position &+= 1
                }
            }
            trimTrailingWhiteSpace()
        }

        /// Copies bytes and `=XX` escapes up to the next line break or other `=`: 8 bytes at a time while a
        /// word holds no `=`, CR or LF.
        @inline(__always)
        private mutating func copyPlainRun() {
            var input = position
            var output = written
            var kept = keptUntil
            scanning: while true {
                while count &- input >= 8 {
                    let word = UnsafeRawPointer(source + input).loadUnaligned(as: UInt64.self)
                    if Self.containsSpecialByte(word) { break }
                    // `output <= input` always, so these 8 bytes fit in the buffer (its capacity is `count`).
                    UnsafeMutableRawPointer(destination + output).storeBytes(of: word, as: UInt64.self)
                    input &+= 8
                    output &+= 8
                }
                while input < count {
                    let byte = source[input]
                    if byte == QuotedPrintableDecoder.equals {
                        // The common escape `=XX` inline; everything else about `=` in decodeEquals().
                        guard count &- input >= 3 else { break scanning }
                        let high = hexValue[Int(source[input &+ 1])]
                        let low = hexValue[Int(source[input &+ 2])]
                        guard high | low < 16 else { break scanning }
                        destination[output] = high << 4 | low
                        input &+= 3
                        output &+= 1
                        kept = output
                        // Back to whole words unless another escape follows at once (dense non-ASCII text).
                        if input < count, source[input] == QuotedPrintableDecoder.equals { continue }
                        continue scanning
                    }
                    if byte == QuotedPrintableDecoder.carriageReturn || byte == QuotedPrintableDecoder.lineFeed {
                        break scanning
                    }
                    destination[output] = byte
                    input &+= 1
                    output &+= 1
                }
                break
            }
            position = input
            written = output
            keptUntil = kept
        }

        /// Whether any byte of the word is `=`, CR or LF (the classic "has zero byte" test on XORed words).
        @inline(__always)
        private static func containsSpecialByte(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
            return hasZeroByte(word ^ (ones &* 0x3D)) || hasZeroByte(word ^ (ones &* 0x0D))
                || hasZeroByte(word ^ (ones &* 0x0A))
        }

        private mutating func decodeEquals() {
            let next = position &+ 1
            if count &- next >= 2 {
                let high = hexValue[Int(source[next])]
                let low = hexValue[Int(source[next &+ 1])]
                if high | low < 16 {
                    destination[written] = high << 4 | low
                    written &+= 1
                    position &+= 3
                    keptUntil = written
                    return
                }
            }
            // A soft line break: `=`, optional white space (RFC reading only), then CRLF, LF or the end.
            var end = next
            if rfc {
                while end < count, source[end] == UInt8(ascii: " ") || source[end] == UInt8(ascii: "\t") { end &+= 1 }
            }
            if end == count {
                position = end
                keptUntil = written
                return
            }
            if source[end] == QuotedPrintableDecoder.lineFeed {
                position = end &+ 1
                keptUntil = written
                return
            }
            if source[end] == QuotedPrintableDecoder.carriageReturn, end &+ 1 < count,
                source[end &+ 1] == QuotedPrintableDecoder.lineFeed
            {
                position = end &+ 2
                keptUntil = written
                return
            }
            // Not an escape: keep the `=` and go on with what follows it.
            invalid = true
            destination[written] = QuotedPrintableDecoder.equals
            written &+= 1
            position = next
        }

        /// A hard line break of `breakLength` bytes (LF or CRLF) at `position`, copied as it is.
        private mutating func endLine(breakLength: Int) {
            trimTrailingWhiteSpace()
            for offset in 0..<breakLength {
                destination[written] = source[position &+ offset]
                written &+= 1
            }
            position &+= breakLength
            keptUntil = written
        }

        private mutating func trimTrailingWhiteSpace() {
            guard rfc else { return }
            while written > keptUntil {
                let last = destination[written &- 1]
                guard last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") else { break }
                written &-= 1
            }
        }
    }
}

/// Hex digit values for `=XX`.
enum QuotedPrintableTables {
    /// Byte → 0...15 for `0-9`, `A-F`, `a-f`; 0xFF otherwise.
    static let hexValue: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, digit) in "0123456789ABCDEF".utf8.enumerated() { table[Int(digit)] = UInt8(index) }
        for (index, digit) in "abcdef".utf8.enumerated() { table[Int(digit)] = UInt8(10 + index) }
        return table
    }()
}
