/// Reads the entry count of a zip from its end-of-central-directory record (APPNOTE.TXT 4.3.16,
/// and 4.3.14 for ZIP64) before the archive is opened, so a 10,000-entry archive is refused without
/// walking its directory. https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
enum ZipDirectoryProbe {
    static func entryCount(_ bytes: [UInt8]) -> Int? {
        let count = bytes.count
        guard count >= 22 else { return nil }
        // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
        let lowest = max(0, count - 22 - 65_535)
        var index = count - 22
        while index >= lowest {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 {
                let entries = Int(le16(bytes, index + 10))
                if entries == 0xFFFF, index >= 20,
                   bytes[index - 20] == 0x50, bytes[index - 19] == 0x4B, bytes[index - 18] == 0x06, bytes[index - 17] == 0x07 {
                    let zip64Offset = le64(bytes, index - 12)
                    if zip64Offset >= 0, zip64Offset + 56 <= count,
                       bytes[zip64Offset] == 0x50, bytes[zip64Offset + 1] == 0x4B, bytes[zip64Offset + 2] == 0x06, bytes[zip64Offset + 3] == 0x06 {
                        return le64(bytes, zip64Offset + 32)
                    }
                    return Int.max
                }
                return entries
            }
            index -= 1
        }
        return nil
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }

    private static func le64(_ b: [UInt8], _ i: Int) -> Int {
        var value: UInt64 = 0
        for k in (0..<8).reversed() { value = value << 8 | UInt64(b[i + k]) }
        return value > UInt64(Int.max) ? Int.max : Int(value)
    }
}
