/// The Unicode encodings in pure Swift: UTF-8 checks and UTF-16/32 with and without a byte order mark.
enum UnicodeDecoding {
    /// What a UTF-8 scan found: valid multi-byte sequences and bytes that fit no sequence.
    struct UTF8Census {
        var multiByteSequences = 0
        var invalidBytes = 0
        var isValid: Bool { invalidBytes == 0 }
    }

    /// Counts valid multi-byte sequences and invalid bytes (RFC 3629 section 4: no overlongs, no surrogates).
    static func utf8Census(_ input: UnsafeBufferPointer<UInt8>) -> UTF8Census {
        var census = UTF8Census()
        let count = input.count
        var index = 0
        while index < count {
            let lead = input[index]
            if lead < 0x80 { index &+= 1; continue }
            let length = sequenceLength(input, at: index)
            if length == 0 {
                census.invalidBytes &+= 1
                index &+= 1
            } else {
                census.multiByteSequences &+= 1
                index &+= length
            }
        }
        return census
    }

    /// Whether the whole buffer is ASCII or valid UTF-8.
    static func isValidUTF8(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = input.count
        while index < count {
            if input[index] < 0x80 { index &+= 1; continue }
            let length = sequenceLength(input, at: index)
            if length == 0 { return false }
            index &+= length
        }
        return true
    }

    /// Length of the valid multi-byte sequence starting at `index`, 0 when there is none.
    @inline(__always)
    static func sequenceLength(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = input[index]
        let remaining = input.count &- index
        func continuation(_ offset: Int) -> UInt8? {
            offset < remaining ? input[index &+ offset] : nil
        }
        switch lead {
        case 0xC2...0xDF:
            guard let b1 = continuation(1), b1 & 0xC0 == 0x80 else { return 0 }
            return 2
        case 0xE0...0xEF:
            guard let b1 = continuation(1), let b2 = continuation(2), b2 & 0xC0 == 0x80 else { return 0 }
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return (b1 >= low && b1 <= high) ? 3 : 0
        case 0xF0...0xF4:
            guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3),
                  b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return 0 }
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            return (b1 >= low && b1 <= high) ? 4 : 0
        default:
            return 0
        }
    }

    /// The buffer without a leading UTF-8 byte order mark.
    static func droppingUTF8BOM(_ input: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            return UnsafeBufferPointer(rebasing: input[3...])
        }
        return input
    }

    /// UTF-16 (RFC 2781). Without a BOM or label, guesses the byte order from where the zero bytes of
    /// ASCII text fall, defaulting to big-endian (RFC 2781 section 4.3). Returns the text and whether it was valid.
    static func utf16(_ input: UnsafeBufferPointer<UInt8>, endianness: CharsetCodec.Endianness?) -> (String, Bool) {
        var start = 0
        var order = endianness
        if input.count >= 2 {
            let first = input[0], second = input[1]
            if first == 0xFE, second == 0xFF, order != .little { order = .big; start = 2 }
            else if first == 0xFF, second == 0xFE, order != .big { order = .little; start = 2 }
        }
        let big = (order ?? sniffOrder(input, width: 2)) == .big
        let unitCount = (input.count &- start) / 2
        var units: [UInt16] = []
        units.reserveCapacity(unitCount)
        var index = start
        for _ in 0..<unitCount {
            let a = UInt16(input[index]), b = UInt16(input[index &+ 1])
            units.append(big ? (a << 8 | b) : (b << 8 | a))
            index &+= 2
        }
        var valid = (input.count &- start) % 2 == 0
        var text: String
        if let checked = String(validating: units, as: UTF16.self) {
            text = checked
        } else {
            valid = false
            text = String(decoding: units, as: UTF16.self)
        }
        if (input.count &- start) % 2 != 0 { text.append("\u{FFFD}") }
        return (text, valid)
    }

    /// UTF-32, with the same BOM and byte-order rules as ``utf16(_:endianness:)``.
    static func utf32(_ input: UnsafeBufferPointer<UInt8>, endianness: CharsetCodec.Endianness?) -> (String, Bool) {
        var start = 0
        var order = endianness
        if input.count >= 4 {
            if input[0] == 0, input[1] == 0, input[2] == 0xFE, input[3] == 0xFF, order != .little { order = .big; start = 4 }
            else if input[0] == 0xFF, input[1] == 0xFE, input[2] == 0, input[3] == 0, order != .big { order = .little; start = 4 }
        }
        let big = (order ?? sniffOrder(input, width: 4)) == .big
        var valid = true
        var scalars = String.UnicodeScalarView()
        var index = start
        while index &+ 4 <= input.count {
            let b0 = UInt32(input[index]), b1 = UInt32(input[index &+ 1])
            let b2 = UInt32(input[index &+ 2]), b3 = UInt32(input[index &+ 3])
            let value = big ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0)
            if let scalar = Unicode.Scalar(value) {
                scalars.append(scalar)
            } else {
                valid = false
                scalars.append("\u{FFFD}")
            }
            index &+= 4
        }
        if index < input.count { valid = false; scalars.append("\u{FFFD}") }
        return (String(scalars), valid)
    }

    /// For unmarked text: ASCII characters have their zero bytes first in big-endian order.
    private static func sniffOrder(_ input: UnsafeBufferPointer<UInt8>, width: Int) -> CharsetCodec.Endianness {
        var zerosFirst = 0, zerosLast = 0
        var index = 0
        let limit = min(input.count, 4096)
        while index &+ width <= limit {
            if input[index] == 0 { zerosFirst &+= 1 }
            if input[index &+ width &- 1] == 0 { zerosLast &+= 1 }
            index &+= width
        }
        return zerosLast > zerosFirst ? .little : .big
    }
}
