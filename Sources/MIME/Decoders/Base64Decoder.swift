/// Tolerant base64 decoding of message bodies ([RFC 2045 section 6.8](https://www.rfc-editor.org/rfc/rfc2045#section-6.8)).
///
/// Attachments are most of the bytes a mailbox holds, so this is the hot path of parsing. Clean input goes
/// through a loop that turns 8 input bytes into 6 output bytes with four pre-shifted lookup tables and one
/// range check per quantum (no branch per byte); anything else (line breaks, junk, padding, the odd quantum)
/// falls to a byte-at-a-time state machine that hands back to the fast loop at the next quantum boundary.
///
/// Tolerance, and how it compares with the references (Python `email`, GMime 3.2):
/// - Any line length, CRLF or LF: white space (SP, HTAB, CR, LF) is skipped without a defect.
/// - Other non-alphabet bytes are skipped and recorded as ``Defect/invalidBase64`` (as Python does).
/// - A missing final `=`/`==` still decodes the partial quantum, recording ``Defect/base64MissingPadding``.
///   A lone last character (6 bits, not a byte) is dropped with ``Defect/invalidBase64``.
/// - After the padding that ends a quantum, Python and GMime stop decoding. We do the same unless the next
///   line (or the rest of this line) is itself clean base64, which is how concatenated blocks look; then we
///   carry on with the next block. A plain-text footer appended by a mailing list (spaces, punctuation) is
///   therefore not decoded into garbage: it is ignored and recorded as ``Defect/invalidBase64``.
///   ``PaddingPolicy/stop`` gives byte-for-byte parity with the references.
/// - An `=` that cannot end a quantum (after 0 or 1 characters of it) is junk: skipped with a defect, as Python.
public enum Base64Decoder {
    /// What to do with data after the `=` padding that ends a quantum.
    public enum PaddingPolicy: Sendable, Hashable {
        /// Ignore it (Python's `email` and GMime do this).
        case stop
        /// Go on decoding when what follows is clean base64 (a concatenated block); otherwise ignore it.
        case continueWithCleanBlock
    }

    /// Decodes a base64 body; never fails, records what it had to repair.
    public static func decode(
        _ input: UnsafeRawBufferPointer,
        afterPadding policy: PaddingPolicy = .continueWithCleanBlock,
        defects: inout DefectSet
    ) -> [UInt8] {
        guard let source = input.baseAddress, input.count > 0 else { return [] }
        // At most 3 bytes per 4 input bytes, plus slack for the 4-byte and 8-byte stores of the fast loop.
        let capacity = input.count / 4 * 3 + 16
        var problems = Problems()
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            guard let destination = buffer.baseAddress else {
                initializedCount = 0
                return
            }
            var state = State(
                source: source.assumingMemoryBound(to: UInt8.self),
                count: input.count,
                destination: UnsafeMutableRawPointer(destination),
                continueAfterPadding: policy == .continueWithCleanBlock
            )
            state.run()
            problems = state.problems
            initializedCount = state.written
        }
        if problems.invalid { defects.insert(.invalidBase64) }
        if problems.missingPadding { defects.insert(.base64MissingPadding) }
        return output
    }

    /// Convenience for callers holding an array.
    public static func decode(
        _ input: [UInt8],
        afterPadding policy: PaddingPolicy = .continueWithCleanBlock,
        defects: inout DefectSet
    ) -> [UInt8] {
        input.withUnsafeBytes { decode($0, afterPadding: policy, defects: &defects) }
    }

    struct Problems {
        var invalid = false
        var missingPadding = false
    }
}

extension Base64Decoder {
    /// Where the decoder stands with respect to `=` padding.
    private enum Padding {
        /// Inside the data.
        case none
        /// One `=` seen after two characters: a second `=` is due.
        case awaitingSecond
        /// The padding ended a block; what follows is either another block or ignored.
        case ended
    }

    /// One decoding run. A struct with the pointers in stored properties keeps the hot loop free of
    /// closures and array bounds checks.
    private struct State {
        let source: UnsafePointer<UInt8>
        let count: Int
        let destination: UnsafeMutableRawPointer
        let continueAfterPadding: Bool
        var position = 0
        var written = 0
        /// Characters of the current quantum (0...3) and their bits.
        var quantumLength = 0
        var bits: UInt32 = 0
        var padding = Padding.none
        /// End of a line already checked to be clean base64 by ``continuesWithCleanBlock()``.
        var verifiedUntil = 0
        var problems = Problems()

        init(source: UnsafePointer<UInt8>, count: Int, destination: UnsafeMutableRawPointer, continueAfterPadding: Bool) {
            self.source = source
            self.count = count
            self.destination = destination
            self.continueAfterPadding = continueAfterPadding
        }

        mutating func run() {
            Base64Tables.shifted.withUnsafeBufferPointer { shifted in
                Base64Tables.sextets.withUnsafeBufferPointer { sextets in
                    guard let shifted = shifted.baseAddress, let sextets = sextets.baseAddress else { return }
                    while true {
                        decodeCleanRun(shifted)
                        if position >= count { break }
                        decodeSlowly(sextets)
                        if position >= count { break }
                    }
                    finish()
                }
            }
        }

        /// The fast loop: whole quanta of alphabet characters, 8 then 4 bytes at a time. Stops (having
        /// consumed nothing of it) at the first quantum that holds anything else.
        @inline(__always)
        private mutating func decodeCleanRun(_ shifted: UnsafePointer<UInt32>) {
            var input = position
            var output = written
            let table0 = shifted, table1 = shifted + 256, table2 = shifted + 512, table3 = shifted + 768
            while count &- input >= 8 {
                let p = source + input
                let first = table0[Int(p[0])] | table1[Int(p[1])] | table2[Int(p[2])] | table3[Int(p[3])]
                let second = table0[Int(p[4])] | table1[Int(p[5])] | table2[Int(p[6])] | table3[Int(p[7])]
                if (first | second) > 0x00FF_FFFF { break }
                // Bytes in memory order: first's 3 bytes, then second's; 2 bytes of slack are overwritten later.
                let word = UInt64(first) | UInt64(second) << 24
                (destination + output).storeBytes(of: word.littleEndian, as: UInt64.self)
                input &+= 8
                output &+= 6
            }
            while count &- input >= 4 {
                let p = source + input
                let quantum = table0[Int(p[0])] | table1[Int(p[1])] | table2[Int(p[2])] | table3[Int(p[3])]
                if quantum > 0x00FF_FFFF { break }
                (destination + output).storeBytes(of: quantum.littleEndian, as: UInt32.self)
                input &+= 4
                output &+= 3
            }
            position = input
            written = output
        }

        /// Byte at a time through line breaks, junk and padding; returns at the next quantum boundary
        /// that starts with an alphabet character. Consumes at least one byte, so the two loops always progress.
        private mutating func decodeSlowly(_ sextets: UnsafePointer<UInt8>) {
            repeat {
                let byte = source[position]
                let value = sextets[Int(byte)]
                if value < 64 {
                    if padding != .none {
                        if padding == .awaitingSecond { problems.missingPadding = true }
                        guard continueAfterPadding, continuesWithCleanBlock(sextets) else {
                            problems.invalid = true
                            position = count
                            return
                        }
                        padding = .none
                    }
                    bits = bits << 6 | UInt32(value)
                    quantumLength &+= 1
                    if quantumLength == 4 {
                        emit(UInt8(truncatingIfNeeded: bits >> 16))
                        emit(UInt8(truncatingIfNeeded: bits >> 8))
                        emit(UInt8(truncatingIfNeeded: bits))
                        quantumLength = 0
                        bits = 0
                    }
                } else if value == Base64Tables.pad {
                    takePadCharacter()
                } else if value != Base64Tables.whiteSpace {
                    problems.invalid = true
                    if padding != .none {
                        // Junk after the padding: the data has ended.
                        if padding == .awaitingSecond { problems.missingPadding = true }
                        position = count
                        return
                    }
                }
                position &+= 1
            } while position < count
                && !(quantumLength == 0 && padding == .none && sextets[Int(source[position])] < 64)
        }

        private mutating func takePadCharacter() {
            switch (padding, quantumLength) {
            case (.none, 2):
                emit(UInt8(truncatingIfNeeded: bits >> 4))
                quantumLength = 0
                bits = 0
                padding = .awaitingSecond
            case (.none, 3):
                emit(UInt8(truncatingIfNeeded: bits >> 10))
                emit(UInt8(truncatingIfNeeded: bits >> 2))
                quantumLength = 0
                bits = 0
                padding = .ended
            case (.awaitingSecond, _):
                padding = .ended
            default:
                // An `=` that ends nothing: at a quantum boundary, after one character, or extra padding.
                problems.invalid = true
            }
        }

        /// Whether the rest of the current line is clean base64 (alphabet and `=`, then at most trailing
        /// white space) whose length is a whole number of quanta: the shape of a second block glued to the
        /// first, unlike a text footer.
        private mutating func continuesWithCleanBlock(_ sextets: UnsafePointer<UInt8>) -> Bool {
            if position < verifiedUntil { return true }
            var end = position
            while end < count {
                let value = sextets[Int(source[end])]
                guard value < 64 || value == Base64Tables.pad else { break }
                end &+= 1
            }
            guard (end &- position) % 4 == 0 else { return false }
            var lineEnd = end
            while lineEnd < count, source[lineEnd] == UInt8(ascii: " ") || source[lineEnd] == UInt8(ascii: "\t") {
                lineEnd &+= 1
            }
            guard lineEnd == count || source[lineEnd] == UInt8(ascii: "\r") || source[lineEnd] == UInt8(ascii: "\n") else {
                return false
            }
            verifiedUntil = end
            return true
        }

        private mutating func finish() {
            if padding == .awaitingSecond { problems.missingPadding = true }
            switch quantumLength {
            case 2:
                emit(UInt8(truncatingIfNeeded: bits >> 4))
                problems.missingPadding = true
            case 3:
                emit(UInt8(truncatingIfNeeded: bits >> 10))
                emit(UInt8(truncatingIfNeeded: bits >> 2))
                problems.missingPadding = true
            case 1:
                // Six bits make no byte.
                problems.invalid = true
            default:
                break
            }
        }

        @inline(__always)
        private mutating func emit(_ byte: UInt8) {
            destination.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
            written &+= 1
        }
    }
}

/// Lookup tables of the base64 alphabet, built once.
enum Base64Tables {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Marks in ``sextets`` for bytes outside the alphabet.
    static let pad: UInt8 = 0x40
    static let whiteSpace: UInt8 = 0x41
    static let junk: UInt8 = 0xFF

    /// Byte → 6-bit value, or ``pad``, ``whiteSpace``, ``junk``.
    static let sextets: [UInt8] = {
        var table = [UInt8](repeating: junk, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        table[Int(UInt8(ascii: "="))] = pad
        for space in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")] {
            table[Int(space)] = whiteSpace
        }
        return table
    }()

    /// Four tables of 256 (one per position in a quantum), each value already shifted to where its bits
    /// land in the 3 output bytes read as a little-endian integer, so a quantum is 4 lookups ORed together.
    /// Non-alphabet bytes are 0x01FF_FFFF: any of them makes the OR exceed 0x00FF_FFFF.
    static let shifted: [UInt32] = {
        var table = [UInt32](repeating: 0x01FF_FFFF, count: 1024)
        for (index, character) in alphabet.enumerated() {
            let value = UInt32(index)
            let slot = Int(character)
            table[slot] = value << 2
            table[256 + slot] = value >> 4 | (value & 0x0F) << 12
            table[512 + slot] = (value >> 2) << 8 | (value & 0x03) << 22
            table[768 + slot] = value << 16
        }
        return table
    }()
}
