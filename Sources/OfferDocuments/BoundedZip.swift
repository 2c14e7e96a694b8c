import Foundation
import ZIPFoundation

/// A zip archive opened in memory, read entry by entry with a byte limit that is enforced while
/// inflating (the consumer throws past it), and with the CRC-32 checked, which ZIPFoundation
/// computes but does not compare (see NOTES/swift-toolchain.md section 5).
final class BoundedZip {
    struct EntryInfo {
        var path: String
        var isFile: Bool
        var declaredSize: Int
        var compressedSize: Int
        fileprivate var entry: Entry
    }

    enum ReadError: Error {
        case tooLarge
        case crcMismatch
        case corrupt
    }

    private let archive: Archive
    let entries: [EntryInfo]

    /// Nil when the bytes are not a readable zip or list more than `maxEntries` entries.
    init?(bytes: [UInt8], maxEntries: Int) {
        guard let count = ZipDirectoryProbe.entryCount(bytes), count <= maxEntries else { return nil }
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read, pathEncoding: nil)
        } catch {
            return nil
        }
        var list: [EntryInfo] = []
        for entry in archive {
            if list.count >= maxEntries { return nil }
            list.append(EntryInfo(path: entry.path, isFile: entry.type == .file,
                                  declaredSize: Int(clamping: entry.uncompressedSize),
                                  compressedSize: Int(clamping: entry.compressedSize), entry: entry))
        }
        entries = list
    }

    /// The entry's bytes; throws as soon as more than `limit` bytes come out.
    func read(_ info: EntryInfo, limit: Int) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(info.declaredSize, limit, 8 << 20))
        let crc: CRC32
        do {
            crc = try archive.extract(info.entry, bufferSize: 64 * 1024) { chunk in
                guard bytes.count + chunk.count <= limit else { throw ReadError.tooLarge }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as ReadError {
            throw error
        } catch {
            throw .corrupt
        }
        guard crc == info.entry.checksum else { throw .crcMismatch }
        return bytes
    }
}
