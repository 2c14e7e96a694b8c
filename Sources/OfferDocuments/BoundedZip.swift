import Foundation
import ZIPFoundation

/// A zip archive opened in memory, read entry by entry with a byte limit that is enforced while
/// inflating (the consumer throws past it), every chunk also taken from the message's
/// ``MessageBudget`` when there is one, and with the CRC-32 checked, which ZIPFoundation computes
/// but does not compare (see NOTES/swift-toolchain.md section 5).
///
/// The directory is walked by ``ZipCentralDirectory`` first (entry count, overlapping entries, raw
/// names); ZIPFoundation, which lists the same records in the same order, only inflates.
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
        /// The message's inflation budget ran out.
        case messageBudget
        case crcMismatch
        case corrupt
    }

    private let archive: Archive
    let entries: [EntryInfo]

    /// Opens the archive, or says why it is refused.
    init(bytes: [UInt8], maxEntries: Int) throws(ZipCentralDirectory.Failure) {
        let directory = try ZipCentralDirectory.read(bytes, maxEntries: maxEntries)
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read, pathEncoding: nil)
        } catch {
            throw .unreadable
        }
        var list: [EntryInfo] = []
        for entry in archive {
            guard list.count < directory.count else { throw .unreadable }
            let record = directory[list.count]
            // Two directories in one file (a ZIP64 record one reader follows and the other does
            // not) would let ZIPFoundation read entries the walker never checked: each must agree.
            guard Int(clamping: entry.uncompressedSize) == record.uncompressedSize,
                  Int(clamping: entry.compressedSize) == record.compressedSize, entry.checksum == record.crc32 else { throw .unreadable }
            list.append(EntryInfo(path: record.name, isFile: entry.type == .file,
                                  declaredSize: Int(clamping: entry.uncompressedSize),
                                  compressedSize: Int(clamping: entry.compressedSize), entry: entry))
        }
        // Mapped by order: both walk the same records, so a different count means a directory one of us misread.
        guard list.count == directory.count else { throw .unreadable }
        entries = list
    }

    /// The entry's bytes; throws as soon as more than `limit` bytes come out, or more than `budget` has left.
    func read(_ info: EntryInfo, limit: Int, budget: MessageBudget? = nil) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, min(info.declaredSize, limit, 8 << 20)))
        let crc: UInt32
        do {
            crc = try archive.extract(info.entry, bufferSize: 64 * 1024) { chunk in
                guard bytes.count + chunk.count <= limit else { throw ReadError.tooLarge }
                if let budget, !budget.spendInflated(chunk.count) { throw ReadError.messageBudget }
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
