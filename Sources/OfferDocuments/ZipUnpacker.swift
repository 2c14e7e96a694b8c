import MIME

/// Unpacks a zip attachment in memory within ``ArchiveLimits`` and what is left of the message's
/// ``MessageBudget``.
///
/// Before inflating anything: the entry count from the end record, the directory (entries whose
/// bytes overlap are refused), then the declared sizes and ratios of every entry. While inflating:
/// each entry may not produce more than its declared size (a lying header), the entry limit, what
/// is left of the archive's budget, or of the message's. Any breach refuses the whole archive with
/// a defect; none of its files is used. Nested zips are opened down to ``ArchiveLimits/maxDepth``.
/// Names are decoded as ``ZipEntryName`` says and kept as written; `..` and absolute paths are flagged.
struct ZipUnpacker {
    let limits: ArchiveLimits
    /// The message's budget, shared with its other archives and documents; nil: the archive's limits only.
    var budget: MessageBudget?

    init(limits: ArchiveLimits, budget: MessageBudget? = nil) {
        self.limits = limits
        self.budget = budget
    }

    struct Entry {
        var path: String
        var bytes: [UInt8]
    }

    /// The files of the archive (nested archives flattened), at most `maxFiles` of them (the rest
    /// dropped with ``Defect/fileCountLimit``), or [] with a defect when refused.
    func unpack(_ bytes: [UInt8], depth: Int = 1, maxFiles: Int = .max, defects: inout DefectSet) -> [Entry] {
        var archiveBudget = limits.maxTotalUncompressed
        var local = DefectSet()
        guard let entries = unpack(bytes, depth: depth, maxFiles: maxFiles, budget: &archiveBudget, defects: &local) else {
            defects.formUnion(local)
            return []
        }
        defects.formUnion(local)
        return entries
    }

    /// Nil when the archive is refused.
    private func unpack(_ bytes: [UInt8], depth: Int, maxFiles: Int, budget archiveBudget: inout Int, defects: inout DefectSet) -> [Entry]? {
        guard let zip = open(bytes, defects: &defects) else { return nil }
        let files = zip.entries.filter { $0.isFile && !Self.isJunk($0.path) }
        guard admitsDeclaredSizes(of: files, archiveBudget: archiveBudget, defects: &defects) else { return nil }
        var result: [Entry] = []
        for file in files {
            guard result.count < maxFiles else {
                defects.insert(.fileCountLimit)
                break
            }
            let data: [UInt8]
            switch inflate(file, of: zip, archiveBudget: &archiveBudget, defects: &defects) {
            case .refused: return nil
            case .skipped: continue
            case .inflated(let bytes): data = bytes
            }
            if Self.isUnsafe(file.path) { defects.insert(.zipUnsafePath) }
            if Self.isZip(data, name: file.path) {
                guard depth < limits.maxDepth else {
                    defects.insert(.zipNestingDepth)
                    continue
                }
                guard let inner = unpack(data, depth: depth + 1, maxFiles: maxFiles - result.count, budget: &archiveBudget,
                                         defects: &defects) else { return nil }
                result.append(contentsOf: inner.map { Entry(path: file.path + "/" + $0.path, bytes: $0.bytes) })
                continue
            }
            result.append(Entry(path: file.path, bytes: data))
        }
        return result
    }

    /// The archive's directory, or nil with the defect that refuses it.
    private func open(_ bytes: [UInt8], defects: inout DefectSet) -> BoundedZip? {
        do {
            return try BoundedZip(bytes: bytes, maxEntries: limits.maxEntries)
        } catch {
            switch error {
            case .tooManyEntries: defects.insert(.zipTooManyEntries)
            case .overlapping: defects.insert(.zipOverlappingEntries)
            case .unreadable: defects.insert(.zipUnreadable)
            }
            return nil
        }
    }

    /// Declared sizes first: an honest bomb is refused before a byte is inflated.
    private func admitsDeclaredSizes(of files: [BoundedZip.EntryInfo], archiveBudget: Int, defects: inout DefectSet) -> Bool {
        var declaredTotal = 0
        for file in files {
            declaredTotal = declaredTotal &+ file.declaredSize
            if file.declaredSize > limits.maxEntryUncompressed || declaredTotal > archiveBudget || declaredTotal < 0
                || isTooCompressed(uncompressed: file.declaredSize, compressed: file.compressedSize) {
                defects.insert(.zipBomb)
                return false
            }
        }
        if let budget, declaredTotal > budget.inflatableBytes {
            defects.insert(.messageInflationLimit)
            return false
        }
        return true
    }

    /// What inflating one entry gave.
    private enum Inflated {
        case inflated([UInt8])
        /// The entry is left out (with a defect); the rest of the archive is read.
        case skipped
        /// The whole archive is refused (with a defect).
        case refused
    }

    /// Inflates one entry within its declared size, the entry limit and what is left of the archive's
    /// and the message's budgets, and charges it to the archive's.
    private func inflate(_ file: BoundedZip.EntryInfo, of zip: BoundedZip, archiveBudget: inout Int, defects: inout DefectSet) -> Inflated {
        let limit = min(file.declaredSize, limits.maxEntryUncompressed, archiveBudget)
        let data: [UInt8]
        do {
            data = try zip.read(file, limit: limit, budget: budget)
        } catch .tooLarge {
            defects.insert(.zipBomb)
            return .refused
        } catch .messageBudget {
            defects.insert(.messageInflationLimit)
            return .refused
        } catch .crcMismatch {
            defects.insert(.zipCRCMismatch)
            return .skipped
        } catch {
            defects.insert(.zipUnreadable)
            return .skipped
        }
        archiveBudget -= data.count
        if isTooCompressed(uncompressed: data.count, compressed: file.compressedSize) {
            defects.insert(.zipBomb)
            return .refused
        }
        return .inflated(data)
    }

    private func isTooCompressed(uncompressed: Int, compressed: Int) -> Bool {
        guard uncompressed > limits.ratioAppliesAbove else { return false }
        return uncompressed / max(compressed, 1) > limits.maxCompressionRatio
    }

    /// A zip by its signature; DOCX, XLSX, ODT and friends are zips too but are documents, not archives.
    static func isZip(_ bytes: [UInt8], name: String) -> Bool {
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 0x03 || bytes[2] == 0x05 else { return false }
        let lower = name.lowercased()
        return lower.hasSuffix(".zip") || !(OfficeTextExtractor.isOfficeName(lower))
            && !OfficeTextExtractor.looksLikeOfficeDocument(bytes)
    }

    /// macOS resource forks and desktop files that every zip made on a Mac or Windows carries.
    static func isJunk(_ path: String) -> Bool {
        let lower = path.lowercased()
        let last = lower.split(separator: "/").last.map(String.init) ?? lower
        return lower.hasPrefix("__macosx/") || lower.contains("/__macosx/") || last.hasPrefix("._")
            || last == ".ds_store" || last == "thumbs.db" || last == "desktop.ini"
    }

    static func isUnsafe(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return true }
        if path.count >= 2, path.dropFirst().first == ":" { return true }
        return path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }
}
