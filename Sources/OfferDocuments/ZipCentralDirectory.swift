/// The central directory of a zip, walked over the raw bytes (APPNOTE.TXT 4.3.12): each entry's
/// raw name, flags and extra field (for its name, see ``ZipEntryName``), and the byte range its
/// local header and data occupy, so that entries sharing bytes are refused: a directory whose 100
/// records all point at one stored body makes 100 files of one, a bomb no ratio check sees.
enum ZipCentralDirectory {
    struct Entry {
        var rawName: [UInt8]
        var flags: UInt16
        var extra: [UInt8]
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        /// Local header through the end of the compressed data.
        var span: Range<Int>

        var name: String { ZipEntryName.decode(raw: rawName, flags: flags, extra: extra) }
    }

    enum Failure: Error, Equatable {
        case unreadable
        case tooManyEntries
        /// Two entries' local header and data ranges overlap.
        case overlapping
    }

    static func read(_ bytes: [UInt8], maxEntries: Int) throws(Failure) -> [Entry] {
        guard let end = ZipDirectoryProbe.endRecord(bytes) else { throw .unreadable }
        guard end.entryCount <= maxEntries else { throw .tooManyEntries }
        var reader = LittleEndianReader(bytes, offset: 0)
        guard end.directoryOffset >= 0, reader.skip(end.directoryOffset) else { throw .unreadable }
        var entries: [Entry] = []
        entries.reserveCapacity(end.entryCount)
        for _ in 0..<end.entryCount {
            // Version made by, needed; flags; method, time, date, CRC-32; sizes; lengths; disk, attributes; offset.
            guard reader.u32() == 0x0201_4B50, reader.skip(4), let flags = reader.u16(), let method = reader.u16(), reader.skip(4),
                  let crc = reader.u32(), let compressed32 = reader.u32(), let uncompressed32 = reader.u32(),
                  let nameLength = reader.u16(), let extraLength = reader.u16(), let commentLength = reader.u16(),
                  reader.skip(8), let offset32 = reader.u32(),
                  let rawName = reader.take(Int(nameLength)), let extra = reader.take(Int(extraLength)),
                  reader.skip(Int(commentLength)) else { throw .unreadable }
            var compressed = Int(compressed32), uncompressed = Int(uncompressed32), offset = Int(offset32)
            Self.applyZip64(extra, uncompressed: &uncompressed, compressed: &compressed, offset: &offset)
            entries.append(Entry(rawName: rawName, flags: flags, extra: extra, crc32: crc, compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: offset,
                                 span: try Self.span(in: bytes, offset: offset, compressedSize: compressed,
                                                     uncompressedSize: uncompressed, centralMethod: method)))
        }
        let spans = entries.map(\.span).sorted { $0.lowerBound < $1.lowerBound }
        for (previous, next) in zip(spans, spans.dropFirst()) where next.lowerBound < previous.upperBound {
            throw .overlapping
        }
        return entries
    }

    /// The local header at `offset` (APPNOTE.TXT 4.3.7) and the data after it. A stored entry
    /// (method 0, in the central record or the local header, which is what readers go by) is read
    /// for its uncompressed size, whatever its compressed size says: its span is the larger.
    private static func span(in bytes: [UInt8], offset: Int, compressedSize: Int, uncompressedSize: Int,
                             centralMethod: UInt16) throws(Failure) -> Range<Int> {
        guard offset >= 0, offset <= bytes.count - 30, bytes[offset] == 0x50, bytes[offset + 1] == 0x4B,
              bytes[offset + 2] == 0x03, bytes[offset + 3] == 0x04 else { throw .unreadable }
        let header = 30 + Int(ZipDirectoryProbe.le16(bytes, offset + 26)) + Int(ZipDirectoryProbe.le16(bytes, offset + 28))
        let stored = centralMethod == 0 || ZipDirectoryProbe.le16(bytes, offset + 8) == 0
        let data = stored ? max(compressedSize, uncompressedSize) : compressedSize
        let (end, overflow) = (offset + header).addingReportingOverflow(data)
        guard !overflow, end <= bytes.count else { throw .unreadable }
        return offset..<end
    }

    /// ZIP64 extended information (header 0x0001, APPNOTE.TXT 4.5.3): the 8-byte values of the
    /// fields that the record marks 0xFFFFFFFF, in order.
    private static func applyZip64(_ extra: [UInt8], uncompressed: inout Int, compressed: inout Int, offset: inout Int) {
        var reader = LittleEndianReader(extra)
        while let id = reader.u16(), let size = reader.u16(), let field = reader.take(Int(size)) {
            guard id == 0x0001 else { continue }
            var values = LittleEndianReader(field)
            func next() -> Int? {
                guard let low = values.u32(), let high = values.u32() else { return nil }
                let value = UInt64(high) << 32 | UInt64(low)
                return value > UInt64(Int.max) ? Int.max : Int(value)
            }
            if uncompressed == 0xFFFF_FFFF, let value = next() { uncompressed = value }
            if compressed == 0xFFFF_FFFF, let value = next() { compressed = value }
            if offset == 0xFFFF_FFFF, let value = next() { offset = value }
            return
        }
    }
}
