/// Reads a zip's end-of-central-directory record (APPNOTE.TXT 4.3.16, and 4.3.14-4.3.15 for ZIP64)
/// before the archive is opened, so a 10,000-entry archive is refused without walking its
/// directory. https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
enum ZipDirectoryProbe {
    struct EndRecord {
        /// Entries in the central directory (`Int.max` when a ZIP64 record is announced but missing).
        var entryCount: Int
        var directoryOffset: Int
        var directorySize: Int
    }

    static func entryCount(_ bytes: [UInt8]) -> Int? {
        endRecord(bytes)?.entryCount
    }

    static func endRecord(_ bytes: [UInt8]) -> EndRecord? {
        let count = bytes.count
        guard count >= 22 else { return nil }
        // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
        let lowest = max(0, count - 22 - 65_535)
        var index = count - 22
        while index >= lowest {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 {
                let entries = Int(le16(bytes, index + 10))
                let size = le32(bytes, index + 12), offset = le32(bytes, index + 16)
                if entries == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                    guard index >= 20, bytes[index - 20] == 0x50, bytes[index - 19] == 0x4B, bytes[index - 18] == 0x06,
                          bytes[index - 17] == 0x07 else {
                        return entries == 0xFFFF ? EndRecord(entryCount: Int.max, directoryOffset: offset, directorySize: size)
                            : EndRecord(entryCount: entries, directoryOffset: offset, directorySize: size)
                    }
                    let zip64Offset = le64(bytes, index - 12)
                    if zip64Offset >= 0, zip64Offset <= count - 56,
                       bytes[zip64Offset] == 0x50, bytes[zip64Offset + 1] == 0x4B, bytes[zip64Offset + 2] == 0x06, bytes[zip64Offset + 3] == 0x06 {
                        return EndRecord(entryCount: le64(bytes, zip64Offset + 32), directoryOffset: le64(bytes, zip64Offset + 48),
                                         directorySize: le64(bytes, zip64Offset + 40))
                    }
                    return EndRecord(entryCount: Int.max, directoryOffset: offset, directorySize: size)
                }
                return EndRecord(entryCount: entries, directoryOffset: offset, directorySize: size)
            }
            index -= 1
        }
        return nil
    }

    static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }

    static func le32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
    }

    static func le64(_ b: [UInt8], _ i: Int) -> Int {
        var value: UInt64 = 0
        for k in (0..<8).reversed() { value = value << 8 | UInt64(b[i + k]) }
        return value > UInt64(Int.max) ? Int.max : Int(value)
    }
}
