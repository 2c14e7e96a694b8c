import Foundation
import ZIPFoundation

/// Zips built in the tests themselves, in memory with ZIPFoundation: a bomb, a huge directory, nesting.
enum ArchiveFixtures {
    /// One entry of `size` zero bytes, deflated (about 1000:1, so 1 GB gives about 1 MB).
    static func zeros(size: Int, name: String = "offer.pdf") throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        let chunk = Data(count: 1 << 20)
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { (_: Int64, count: Int) in
            count == chunk.count ? chunk : Data(count: count)
        }
        return [UInt8](archive.data ?? Data())
    }

    /// `count` tiny stored entries.
    static func manyEntries(_ count: Int) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        let byte = Data([0x78])
        for index in 0..<count {
            try archive.addEntry(with: "f\(index).txt", type: .file, uncompressedSize: 1, compressionMethod: .none) { (_: Int64, _: Int) in byte }
        }
        return [UInt8](archive.data ?? Data())
    }

    static func zip(_ files: [(String, [UInt8])], compressed: Bool = true) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (name, bytes) in files {
            let data = Data(bytes)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: compressed ? .deflate : .none) { (position: Int64, size: Int) in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }
}
