/// Zips written byte by byte (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16), stored (method 0), for what a
/// zip library will not write: names as raw bytes without the UTF-8 flag, Info-ZIP extra fields,
/// and central-directory records that point at one local header.
enum ZipBytes {
    struct Entry {
        var name: [UInt8]
        var data: [UInt8]
        var flags: UInt16 = 0
        /// Extra field of the central-directory record (the local header gets the same).
        var extra: [UInt8] = []
    }

    /// A stored zip; `aliases` more central-directory records point at the first entry's local header.
    static func zip(_ entries: [Entry], aliases: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        var count = 0
        for (index, entry) in entries.enumerated() {
            let offset = UInt32(out.count)
            let crc = crc32(entry.data)
            out += le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(0) + le16(0) + le16(0x21)
            out += le32(crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            out += le16(UInt16(entry.name.count)) + le16(UInt16(entry.extra.count)) + entry.name + entry.extra + entry.data
            let record = centralRecord(entry, crc: crc, offset: offset)
            central += record
            count += 1
            if index == 0 {
                for _ in 0..<aliases {
                    central += record
                    count += 1
                }
            }
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
        out += le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    private static func centralRecord(_ entry: Entry, crc: UInt32, offset: UInt32) -> [UInt8] {
        var record = le32(0x0201_4B50) + le16(0x031E) + le16(20) + le16(entry.flags) + le16(0) + le16(0) + le16(0x21)
        record += le32(crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
        record += le16(UInt16(entry.name.count)) + le16(UInt16(entry.extra.count)) + le16(0) + le16(0) + le16(0)
        record += le32(0o100644 << 16) + le32(offset) + entry.name + entry.extra
        return record
    }

    /// Info-ZIP Unicode Path extra field (0x7075): version 1, CRC-32 of the raw name, the UTF-8 name.
    static func unicodePathField(rawName: [UInt8], utf8Name: String, crc: UInt32? = nil) -> [UInt8] {
        let body: [UInt8] = [1] + le32(crc ?? crc32(rawName)) + Array(utf8Name.utf8)
        return le16(0x7075) + le16(UInt16(body.count)) + body
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// CRC-32 (ISO-HDLC, reflected 0xEDB88320), bit by bit: the tests' own, independent of the code under test.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
