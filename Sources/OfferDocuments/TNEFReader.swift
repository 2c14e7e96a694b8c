import MIME

/// Reads the files out of a TNEF stream (`winmail.dat`, `application/ms-tnef`), which Outlook sends
/// instead of MIME attachments. [MS-OXTNEF]: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxtnef
///
/// A stream is a signature, a key, then attributes (level, id, length, data, checksum). Each
/// attachment starts with attAttachRendData; its name is attAttachTitle (8-bit) or, better, the
/// MAPI property PR_ATTACH_LONG_FILENAME inside attAttachment; its bytes are attAttachData (or
/// PR_ATTACH_DATA_BIN). Anything malformed ends the reading; what was read is kept.
struct TNEFReader {
    struct File {
        var filename: String?
        var bytes: [UInt8]
    }

    static let signature: UInt32 = 0x223E_9F78
    private static let attAttachRendData: UInt32 = 0x0006_9002
    private static let attAttachTitle: UInt32 = 0x0001_8010
    private static let attAttachData: UInt32 = 0x0006_800F
    private static let attAttachment: UInt32 = 0x0006_9005

    static func isTNEF(_ bytes: [UInt8]) -> Bool {
        var reader = LittleEndianReader(bytes)
        return reader.u32() == signature
    }

    /// The files, or nil when the stream is not TNEF at all.
    static func files(in bytes: [UInt8], defects: inout DefectSet) -> [File]? {
        var reader = LittleEndianReader(bytes)
        guard reader.u32() == signature, reader.u16() != nil else { return nil }
        var files: [File] = []
        var current: (title: String?, longName: String?, data: [UInt8]?)?
        func finish() {
            if let open = current, let data = open.data {
                files.append(File(filename: open.longName ?? open.title, bytes: data))
            }
            current = nil
        }
        while !reader.isAtEnd {
            guard let level = reader.u8(), let id = reader.u32(), let length = reader.u32().map(Int.init),
                  let data = reader.take(length), reader.u16() != nil, level == 1 || level == 2 else {
                defects.insert(.tnefUnreadable)
                break
            }
            guard level == 2 else { continue }
            switch id {
            case attAttachRendData:
                finish()
                current = (nil, nil, nil)
            case attAttachTitle:
                if current == nil { current = (nil, nil, nil) }
                current?.title = decode8Bit(data)
            case attAttachData:
                if current == nil { current = (nil, nil, nil) }
                current?.data = data
            case attAttachment:
                if current == nil { current = (nil, nil, nil) }
                let properties = MAPIProperties.read(data)
                if let name = properties.longFilename ?? properties.filename { current?.longName = name }
                if current?.data == nil, let binary = properties.attachData { current?.data = binary }
            default:
                continue
            }
        }
        finish()
        return files
    }

    /// An 8-bit string up to its NUL, UTF-8 when valid, else windows-1252.
    static func decode8Bit(_ data: [UInt8]) -> String? {
        let end = data.firstIndex(of: 0) ?? data.count
        guard end > 0 else { return nil }
        return CharsetDecoder().decode(data[0..<end], charset: nil).text
    }
}
