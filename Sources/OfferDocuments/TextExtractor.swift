import MIME

/// Chooses a reader for a file by its content (magic bytes first, then its name and media type)
/// and returns its text within ``ExtractionLimits``.
public struct TextExtractor: Sendable {
    public let limits: ExtractionLimits
    public let pdfExtractor: ExternalExtractor

    public init(limits: ExtractionLimits = ExtractionLimits(), pdfExtractor: ExternalExtractor = .pdftotext()) {
        self.limits = limits
        self.pdfExtractor = pdfExtractor
    }

    /// Texts with fewer letters than this are "no text": a scanned PDF often carries a page number or a producer string.
    static let minimumLetters = 25

    public func text(of file: MessageFile) -> ExtractedText {
        let bytes = file.bytes
        guard bytes.count <= limits.maxFileBytes else {
            return ExtractedText(text: nil, note: "file larger than \(limits.maxFileBytes >> 20) MB: not read", defect: .fileSizeLimit)
        }
        let name = (file.filename ?? "").lowercased()
        var raw: String?
        var note: String?
        var defect: Defect?
        if PDFTextExtractor.isPDF(bytes) {
            guard PDFTextProbe.mayHaveText(bytes) else {
                return ExtractedText(text: nil, note: "PDF without a text layer (a scan?): no text object in its content")
            }
            let result = PDFTextExtractor(extractor: pdfExtractor).text(of: bytes)
            raw = result.text
            note = result.note
            defect = result.defect
            if raw != nil, !Self.hasLetters(raw ?? "") {
                raw = nil
                note = PDFTextExtractor.isEncrypted(bytes) ? "encrypted PDF: no readable text" : "PDF without a text layer (a scan?)"
            }
        } else if RTFTextExtractor.isRTF(bytes) {
            raw = RTFTextExtractor.text(of: bytes, maxCharacters: limits.maxTextCharacters)
        } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            raw = OfficeTextExtractor(limits: limits).text(of: bytes)
            if raw == nil { note = "zip-based file that is not a readable office document" }
        } else if file.mediaType == "text/html" || name.hasSuffix(".html") || name.hasSuffix(".htm") {
            raw = HTMLText.plainText(fromHTML: CharsetDecoder().decode(bytes, charset: file.charset).text)
        } else if file.mediaType.hasPrefix("text/") || name.hasSuffix(".txt") || name.hasSuffix(".csv") || name.hasSuffix(".md") {
            raw = CharsetDecoder().decode(bytes, charset: file.charset).text
        } else if file.mediaType.hasPrefix("image/") || [".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".heic", ".bmp"].contains(where: name.hasSuffix) {
            note = "image: no text layer"
        } else if [".doc", ".xls", ".ppt"].contains(where: name.hasSuffix) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            raw = LegacyOfficeText.text(of: bytes, maxCharacters: limits.maxTextCharacters)
            if raw == nil { note = "legacy Office file: no text found" }
        } else {
            note = "unknown format: not read"
        }
        guard var text = raw else { return ExtractedText(text: nil, note: note, defect: defect) }
        // Characters are counted (a walk over the whole text) only when the bytes exceed the limit.
        if text.utf8.count > limits.maxTextCharacters, text.count > limits.maxTextCharacters {
            text = String(text.prefix(limits.maxTextCharacters))
            note = "text cut at \(limits.maxTextCharacters) characters"
        }
        guard Self.hasLetters(text) else {
            return ExtractedText(text: nil, note: note ?? "almost no text", defect: defect)
        }
        return ExtractedText(text: text, note: note, defect: defect)
    }

    static func hasLetters(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            if letters >= minimumLetters { return true }
        }
        return false
    }
}
