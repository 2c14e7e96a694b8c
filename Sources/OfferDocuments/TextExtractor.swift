import MIME

/// Chooses a reader for a file by its content (magic bytes first, then its name and media type)
/// and returns its text within ``ExtractionLimits``.
public struct TextExtractor: Sendable {
    public let limits: ExtractionLimits
    public let pdfExtractor: ExternalExtractor
    /// The long-lived PDF workers, when installed; else `pdfExtractor` runs once per PDF.
    public let pdfWorker: PDFWorkerPool?

    public init(limits: ExtractionLimits = ExtractionLimits(), pdfExtractor: ExternalExtractor = .pdftotext(), pdfWorker: PDFWorkerPool? = nil) {
        self.pdfWorker = pdfWorker
        self.limits = limits
        self.pdfExtractor = pdfExtractor
    }

    /// Texts with fewer letters than this are "no text": a scanned PDF often carries a page number or a producer string.
    static let minimumLetters = 25

    /// How a file is read: by its content (magic bytes) first, then its name and media type.
    /// Files with the same bytes and the same format read the same, so a message reads them once.
    enum Format: Hashable, Sendable {
        case tooLarge
        case pdf
        case rtf
        /// A zip-based document: OOXML or OpenDocument.
        case office
        case html(charset: String?)
        case text(charset: String?)
        case image
        case legacyOffice
        case unknown
    }

    func format(of file: MessageFile) -> Format {
        let bytes = file.bytes
        guard bytes.count <= limits.maxFileBytes else { return .tooLarge }
        let name = (file.filename ?? "").lowercased()
        if PDFTextExtractor.isPDF(bytes) { return .pdf }
        if RTFTextExtractor.isRTF(bytes) { return .rtf }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .office }
        if file.mediaType == "text/html" || name.hasSuffix(".html") || name.hasSuffix(".htm") { return .html(charset: file.charset) }
        if file.mediaType.hasPrefix("text/") || name.hasSuffix(".txt") || name.hasSuffix(".csv") || name.hasSuffix(".md") {
            return .text(charset: file.charset)
        }
        if file.mediaType.hasPrefix("image/") || [".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".heic", ".bmp"].contains(where: name.hasSuffix) {
            return .image
        }
        if [".doc", ".xls", ".ppt"].contains(where: name.hasSuffix) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .legacyOffice }
        return .unknown
    }

    public func text(of file: MessageFile) -> ExtractedText {
        text(of: file.bytes, as: format(of: file), budget: nil)
    }

    /// The text of `bytes` read as `format`, within what is left of the message's `budget` (time for
    /// all formats, inflated bytes for office documents); nil budget: the per-file limits only.
    func text(of bytes: [UInt8], as format: Format, budget: MessageBudget?) -> ExtractedText {
        if format == .tooLarge {
            return ExtractedText(text: nil, note: "file larger than \(limits.maxFileBytes >> 20) MB: not read", defect: .fileSizeLimit)
        }
        let secondsLeft = budget?.extractorSecondsLeft() ?? .infinity
        guard secondsLeft > 0 else {
            return ExtractedText(text: nil, note: "not read: the time for reading this message's files was spent", defect: .extractorBudgetExhausted)
        }
        return limited(read(bytes, as: format, budget: budget))
    }

    /// What the reader for `format` gives, before the limits on the text.
    private func read(_ bytes: [UInt8], as format: Format, budget: MessageBudget?) -> ExtractedText {
        switch format {
        case .tooLarge:
            return ExtractedText(text: nil)
        case .pdf:
            return readPDF(bytes, budget: budget)
        case .rtf:
            return ExtractedText(text: RTFTextExtractor.text(of: bytes, maxCharacters: limits.maxTextCharacters))
        case .office:
            switch OfficeTextExtractor(limits: limits, budget: budget).text(of: bytes) {
            case .text(let text):
                return ExtractedText(text: text)
            case .notOffice:
                return ExtractedText(text: nil, note: "zip-based file that is not a readable office document")
            case .budgetSpent:
                return ExtractedText(text: nil, note: "not read: the bytes this message's archives and documents may inflate were spent",
                                     defect: .messageInflationLimit)
            }
        case .html(let charset):
            return ExtractedText(text: HTMLText.plainText(fromHTML: CharsetDecoder().decode(bytes, charset: charset).text))
        case .text(let charset):
            return ExtractedText(text: CharsetDecoder().decode(bytes, charset: charset).text)
        case .image:
            return ExtractedText(text: nil, note: "image: no text layer")
        case .legacyOffice:
            let text = LegacyOfficeText.text(of: bytes, maxCharacters: limits.maxTextCharacters)
            return ExtractedText(text: text, note: text == nil ? "legacy Office file: no text found" : nil)
        case .unknown:
            return ExtractedText(text: nil, note: "unknown format: not read")
        }
    }

    private func readPDF(_ bytes: [UInt8], budget: MessageBudget?) -> ExtractedText {
        guard PDFTextProbe.mayHaveText(bytes) else {
            return ExtractedText(text: nil, note: "PDF without a text layer (a scan?): no text object in its content")
        }
        // The wait for a free extractor is other messages' reading (each at most its own
        // timeout), so it is excused from this message's time; past two timeouts, give up.
        let waitStart = ContinuousClock.now
        let read = ExtractorSlots.withSlot(waitingAtMost: 2 * pdfExtractor.timeoutSeconds) { () -> PDFTextExtractor.Result? in
            budget?.excuse(waitStart.duration(to: .now))
            let left = budget?.extractorSecondsLeft() ?? .infinity
            guard left > 0 else { return nil }
            return PDFTextExtractor(extractor: pdfExtractor, worker: pdfWorker).text(of: bytes, timeoutSeconds: min(pdfExtractor.timeoutSeconds, left))
        }
        let result = read.flatMap { $0 } ?? PDFTextExtractor.Result(
            text: nil, note: "not read: the time for reading this message's files was spent", defect: .extractorBudgetExhausted)
        if result.text != nil, !Self.hasLetters(result.text ?? "") {
            let note = PDFTextExtractor.isEncrypted(bytes) ? "encrypted PDF: no readable text" : "PDF without a text layer (a scan?)"
            return ExtractedText(text: nil, note: note, defect: result.defect)
        }
        return ExtractedText(text: result.text, note: result.note, defect: result.defect)
    }

    /// Cuts the text at ``ExtractionLimits/maxTextCharacters``; a text with almost no letters is none.
    private func limited(_ read: ExtractedText) -> ExtractedText {
        guard var text = read.text else { return read }
        var note = read.note
        // Characters are counted (a walk over the whole text) only when the bytes exceed the limit.
        if text.utf8.count > limits.maxTextCharacters, text.count > limits.maxTextCharacters {
            text = String(text.prefix(limits.maxTextCharacters))
            note = "text cut at \(limits.maxTextCharacters) characters"
        }
        guard Self.hasLetters(text) else {
            return ExtractedText(text: nil, note: note ?? "almost no text", defect: read.defect)
        }
        return ExtractedText(text: text, note: note, defect: read.defect)
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
