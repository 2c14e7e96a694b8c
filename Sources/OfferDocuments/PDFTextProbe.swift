import Foundation
import ZIPFoundation

/// Tells, without a child process, whether a PDF can have a text layer at all, so that pdftotext
/// runs only for PDFs that may hold text: a scan or a PDF of random bytes costs a few
/// milliseconds here instead of a process start.
///
/// Every stream that is not an image, a font or a cross-reference is looked into: unfiltered
/// streams as they are, FlateDecode streams inflated in memory (zlib, at most 256 KB out of each).
/// A text object (`BT` with a `Tj`/`TJ` operator) anywhere means "may have text". Anything the
/// probe cannot judge (an encrypted file, other filters, no streams found, too many streams)
/// also means "may have text": the probe only ever saves work, it never hides text.
enum PDFTextProbe {
    static let maxStreams = 3000
    static let maxInflatedPerStream = 256 * 1024
    static let maxInputPerStream = 1 << 20

    static func mayHaveText(_ bytes: [UInt8]) -> Bool {
        if PDFTextExtractor.isEncrypted(bytes) { return true }
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            var index = 0
            var streams = 0
            let count = buffer.count
            while let keyword = find(buffer, Self.streamKeyword, from: index) {
                index = keyword + Self.streamKeyword.count
                // `endstream` also ends with `stream`.
                if keyword >= 3, buffer[keyword - 3] == UInt8(ascii: "e"), buffer[keyword - 2] == UInt8(ascii: "n"), buffer[keyword - 1] == UInt8(ascii: "d") { continue }
                streams += 1
                if streams > maxStreams { return true }
                var start = index
                if start < count, buffer[start] == 0x0D { start += 1 }
                if start < count, buffer[start] == 0x0A { start += 1 }
                let dictionary = Self.dictionary(before: keyword, in: buffer)
                // Where the data ends when `/Length` says so directly and `endstream` is there: the
                // search for the next stream then resumes after it instead of reading the data.
                let declaredEnd = Self.declaredEnd(of: dictionary, dataStart: start, in: buffer)
                defer { if let declaredEnd { index = declaredEnd + Self.endstreamKeyword.count } }
                switch Self.kind(of: dictionary) {
                case .skip:
                    continue
                case .unknown:
                    return true
                case .plain:
                    let end = min(count, start + maxInputPerStream)
                    if containsTextObject(UnsafeBufferPointer(rebasing: buffer[start..<end])) { return true }
                case .flate:
                    let endstream = declaredEnd ?? find(buffer, Self.endstreamKeyword, from: start)
                    let end = endstream.map { min($0, start + maxInputPerStream) } ?? min(count, start + maxInputPerStream)
                    guard end > start + 2 else { continue }
                    if inflatedContainsText(UnsafeBufferPointer(rebasing: buffer[start..<end])) { return true }
                }
            }
            return streams == 0
        }
    }

    private enum StreamKind { case skip, plain, flate, unknown }

    /// The position of the `endstream` that a direct `/Length N` in `dictionary` (compact form)
    /// points to, after the end-of-line before it; nil for an indirect length (`/Length 12 0 R`,
    /// compact `/Length120R`) or when `endstream` is not there.
    private static func declaredEnd(of dictionary: [UInt8], dataStart: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let at = contains(dictionary, lengthName) else { return nil }
        var index = at + lengthName.count
        var length = 0
        while index < dictionary.count, dictionary[index] >= 0x30, dictionary[index] <= 0x39, length < Int.max / 20 {
            length = length * 10 + Int(dictionary[index] - 0x30)
            index += 1
        }
        guard index > at + lengthName.count, index < dictionary.count, dictionary[index] == UInt8(ascii: "/") || dictionary[index] == UInt8(ascii: ">") else { return nil }
        var end = dataStart + length
        while end < buffer.count, buffer[end] == 0x0D || buffer[end] == 0x0A || buffer[end] == 0x20 { end += 1 }
        guard end + endstreamKeyword.count <= buffer.count,
              UnsafeBufferPointer(rebasing: buffer[end..<(end + endstreamKeyword.count)]).elementsEqual(endstreamKeyword) else { return nil }
        return end
    }

    private static let lengthName = Array("/Length".utf8)

    private static let streamKeyword = Array("stream".utf8)
    private static let endstreamKeyword = Array("endstream".utf8)

    /// The dictionary before a `stream` keyword, back to the `obj` that opens it (at most 4 KB),
    /// without white space (`/Subtype /Image` → `/Subtype/Image`), as bytes.
    private static func dictionary(before keyword: Int, in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let from = max(0, keyword - 4096)
        var start = from
        var probe = keyword - 3
        while probe >= from {
            if buffer[probe] == UInt8(ascii: "o"), buffer[probe + 1] == UInt8(ascii: "b"), buffer[probe + 2] == UInt8(ascii: "j") {
                start = probe
                break
            }
            probe -= 1
        }
        var compact: [UInt8] = []
        compact.reserveCapacity(keyword - start)
        for byte in UnsafeBufferPointer(rebasing: buffer[start..<keyword]) where !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C) {
            compact.append(byte)
        }
        return compact
    }

    private static let skippedNames: [[UInt8]] = [
        "/Subtype/Image", "/Type/XRef", "/Type/ObjStm", "/Subtype/Type1C", "/Subtype/CIDFontType0C", "/Subtype/OpenType",
        "/Type/Metadata", "/Type/EmbeddedFile", "/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode",
    ].map { Array($0.utf8) }
    private static let otherFilters: [[UInt8]] = [
        "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode", "/RunLengthDecode", "/Crypt", "/A85", "/AHx", "/LZW", "/RL",
    ].map { Array($0.utf8) }
    private static let flateNames: [[UInt8]] = ["/FlateDecode", "/Fl]", "/Fl/", "/Fl>"].map { Array($0.utf8) }
    private static let filterName = Array("/Filter".utf8)
    private static let fontLengths: [[UInt8]] = ["/Length1", "/Length2", "/Length3"].map { Array($0.utf8) }

    private static func kind(of dictionary: [UInt8]) -> StreamKind {
        // Font programs carry /Length1 (or 2, 3) followed by a number: in the compact form, `/Length1` then a
        // digit is ambiguous with /Length 1…, so look for the name followed by a digit and a preceding `/Length` entry too.
        for name in fontLengths {
            if let at = contains(dictionary, name), at + name.count < dictionary.count, dictionary[at + name.count] >= 0x30, dictionary[at + name.count] <= 0x39,
               contains(dictionary, Array("/Length".utf8), excludingAt: at) != nil {
                return .skip
            }
        }
        if skippedNames.contains(where: { contains(dictionary, $0) != nil }) { return .skip }
        guard contains(dictionary, filterName) != nil else { return .plain }
        if otherFilters.contains(where: { contains(dictionary, $0) != nil }) { return .unknown }
        if flateNames.contains(where: { contains(dictionary, $0) != nil }) || dictionary.suffix(3).elementsEqual(Array("/Fl".utf8)) { return .flate }
        return .unknown
    }

    /// Position of `needle` in `haystack` (short dictionaries: a plain search), optionally not at `excludingAt`.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8], excludingAt excluded: Int? = nil) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], index != excluded {
                var k = 1
                while k < needle.count, haystack[index + k] == needle[k] { k += 1 }
                if k == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    private struct Enough: Error {}
    private struct Exhausted: Error {}

    /// Inflates a zlib stream (RFC 1950 header skipped) up to the per-stream limit and looks for a text object.
    private static func inflatedContainsText(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        // The header is checked before the one copy that zlib needs (a Data).
        guard input.count > 2, input[0] & 0x0F == 8 else { return false }
        var output: [UInt8] = []
        var offered = false
        let data = Data(UnsafeBufferPointer(rebasing: input[2...]))
        do {
            // One chunk of exactly the buffer size: ZIPFoundation tells zlib that every chunk is that long.
            _ = try Data.decompress(size: Int64(data.count), bufferSize: data.count, skipCRC32: true, provider: { _, _ in
                // All input at once; asked again means the stream was cut short.
                if offered { throw Exhausted() }
                offered = true
                return data
            }, consumer: { chunk in
                output.append(contentsOf: chunk)
                if output.count >= maxInflatedPerStream { throw Enough() }
            })
        } catch {
            // Corrupt, truncated or cut at the limit: judge what came out.
        }
        return output.withUnsafeBufferPointer(containsTextObject)
    }

    /// `BT` as an operator, and a text-showing operator (`Tj`, `TJ`) after it.
    static func containsTextObject(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let begin = findOperator(buffer, UInt8(ascii: "B"), UInt8(ascii: "T"), from: 0) else { return false }
        return findOperator(buffer, UInt8(ascii: "T"), UInt8(ascii: "j"), from: begin) != nil
            || findOperator(buffer, UInt8(ascii: "T"), UInt8(ascii: "J"), from: begin) != nil
    }

    private static func findOperator(_ buffer: UnsafeBufferPointer<UInt8>, _ a: UInt8, _ b: UInt8, from start: Int) -> Int? {
        var index = start
        let count = buffer.count
        while index + 1 < count {
            if buffer[index] == a, buffer[index + 1] == b {
                let before = index == 0 ? UInt8(ascii: " ") : buffer[index - 1]
                let after = index + 2 < count ? buffer[index + 2] : UInt8(ascii: " ")
                if isDelimiter(before), isDelimiter(after) { return index }
            }
            index += 1
        }
        return nil
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
            || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    private static func find(_ buffer: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= buffer.count else { return nil }
        var index = start
        let last = buffer.count - needle.count
        while index <= last {
            guard let base = buffer.baseAddress,
                  let hit = memchr(base + index, Int32(first), last - index + 1) else { return nil }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var matched = true
            for k in 1..<needle.count where buffer[position + k] != needle[k] {
                matched = false
                break
            }
            if matched { return position }
            index = position + 1
        }
        return nil
    }
}
