public import OfferCore

/// Everything ``DocumentAnalyzer`` can be told: limits, the PDF extractor, the budget cap.
public struct DocumentAnalyzerConfiguration: Sendable {
    public var archiveLimits = ArchiveLimits()
    public var extractionLimits = ExtractionLimits()
    /// Bounds on the whole message: bytes inflated from all its archives and documents (64 MiB),
    /// files listed (200), wall time for reading their text (30 s).
    public var messageLimits = MessageLimits()
    public var pdfExtractor: ExternalExtractor = .pdftotext()
    /// The long-lived PDF workers (issue 11), used instead of `pdfExtractor` when set (the daemon
    /// and `parse` set ``PDFWorkerPool/installed``); nil: pdftotext, one process per PDF.
    public var pdfWorker: PDFWorkerPool? = nil
    /// The call's cap, excluding VAT (config `[call] budget_cap`); nil: no cap is checked (`over_cap` null).
    public var budgetCap: Money?
    /// Texts kept by content across messages (``ExtractedTextCache``), in UTF-8 bytes; 0: none.
    public var textCacheBytes = 8 << 20
    /// When false, files are listed and classified by name only (for measuring the cost of reading).
    public var readsText = true

    public init() {}
}
