/// windows-1252 in pure Swift, as the WHATWG Encoding Standard defines it
/// (https://encoding.spec.whatwg.org/index-windows-1252.txt).
///
/// glibc's WINDOWS-1252 rejects the five bytes Microsoft left undefined (0x81 0x8D 0x8F 0x90 0x9D);
/// browsers map them to U+0081 and friends, so every byte string decodes. It is also the decoder
/// for `iso-8859-1` and `us-ascii`, which mail from Windows clients uses for cp1252 text.
enum Windows1252 {
    /// Unicode scalars of bytes 0x80...0x9F; 0xA0...0xFF map to themselves (ISO-8859-1).
    static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> String {
        var extra = 0
        for byte in input where byte >= 0x80 {
            extra &+= (byte >= 0xA0 || high[Int(byte &- 0x80)] < 0x800) ? 1 : 2
        }
        if extra == 0 { return String(decoding: input, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: input.count + extra) { out in
            var index = 0
            for byte in input {
                if byte < 0x80 {
                    out[index] = byte
                    index &+= 1
                    continue
                }
                let scalar = byte >= 0xA0 ? UInt16(byte) : high[Int(byte &- 0x80)]
                if scalar < 0x800 {
                    out[index] = UInt8(0xC0 | (scalar >> 6))
                    out[index &+ 1] = UInt8(0x80 | (scalar & 0x3F))
                    index &+= 2
                } else {
                    out[index] = UInt8(0xE0 | (scalar >> 12))
                    out[index &+ 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[index &+ 2] = UInt8(0x80 | (scalar & 0x3F))
                    index &+= 3
                }
            }
            return index
        }
    }
}
