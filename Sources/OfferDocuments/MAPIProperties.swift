/// The few MAPI properties of a TNEF attachment we need ([MS-OXTNEF] 2.1.3.4, [MS-OXPROPS]):
/// PR_ATTACH_LONG_FILENAME (0x3707), PR_ATTACH_FILENAME (0x3704), PR_ATTACH_DATA_BIN (0x3701).
struct MAPIProperties {
    var longFilename: String?
    var filename: String?
    var attachData: [UInt8]?

    private static let multiValueFlag: UInt16 = 0x1000

    static func read(_ bytes: [UInt8]) -> MAPIProperties {
        var result = MAPIProperties()
        var reader = LittleEndianReader(bytes)
        guard let count = reader.u32(), count < 10_000 else { return result }
        for _ in 0..<count {
            guard let type = reader.u16(), let id = reader.u16() else { break }
            if id >= 0x8000 {
                // A named property: GUID, kind, then a number or a UTF-16 name.
                guard reader.skip(16), let kind = reader.u32() else { break }
                if kind == 0 {
                    guard reader.skip(4) else { break }
                } else {
                    guard let length = reader.u32().map(Int.init), reader.skip(padded(length)) else { break }
                }
            }
            let baseType = type & ~multiValueFlag
            let isMulti = type & multiValueFlag != 0
            let values: [[UInt8]]
            if let size = fixedSize(baseType) {
                var valueCount = 1
                if isMulti {
                    guard let n = reader.u32(), n < 100_000 else { return result }
                    valueCount = Int(n)
                }
                var list: [[UInt8]] = []
                for _ in 0..<valueCount {
                    guard let value = reader.take(size) else { return result }
                    list.append(value)
                }
                values = list
            } else if isVariable(baseType) {
                guard let n = reader.u32(), n < 100_000 else { return result }
                var list: [[UInt8]] = []
                for _ in 0..<n {
                    guard let length = reader.u32().map(Int.init), let value = reader.take(length),
                          reader.skip(padded(length) - length) else { return result }
                    list.append(value)
                }
                values = list
            } else {
                return result   // unknown type: its size is unknown, stop here
            }
            guard let value = values.first else { continue }
            switch (id, baseType) {
            case (0x3707, 0x001E): result.longFilename = TNEFReader.decode8Bit(value)
            case (0x3707, 0x001F): result.longFilename = utf16(value)
            case (0x3704, 0x001E): result.filename = TNEFReader.decode8Bit(value)
            case (0x3704, 0x001F): result.filename = utf16(value)
            case (0x3701, 0x0102): result.attachData = value
            default: break
            }
        }
        return result
    }

    private static func padded(_ length: Int) -> Int { (length + 3) & ~3 }

    /// Sizes of fixed-width values on the wire (2-byte values are padded to 4).
    private static func fixedSize(_ type: UInt16) -> Int? {
        switch type {
        case 0x0001, 0x0002, 0x0003, 0x0004, 0x000A, 0x000B: 4
        case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040: 8
        case 0x0048: 16
        default: nil
        }
    }

    private static func isVariable(_ type: UInt16) -> Bool {
        type == 0x001E || type == 0x001F || type == 0x0102 || type == 0x000D
    }

    private static func utf16(_ bytes: [UInt8]) -> String? {
        var units: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            if unit == 0 { break }
            units.append(unit)
            index += 2
        }
        guard !units.isEmpty else { return nil }
        return String(decoding: units, as: UTF16.self)
    }
}
