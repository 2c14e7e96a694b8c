public import OfferCore

/// Everything ``DocumentAnalyzer`` can be told: limits, the PDF extractor, the budget cap.
public struct DocumentAnalyzerConfiguration: Sendable {
    public var archiveLimits = ArchiveLimits()
    public var extractionLimits = ExtractionLimits()
    public var pdfExtractor: ExternalExtractor = .pdftotext()
    /// The call's cap, excluding VAT (config `[call] budget_cap`); ASToN's 25,000 EUR by default.
    public var budgetCap: Money = .astonBudgetCap
    /// When false, files are listed and classified by name only (for measuring the cost of reading).
    public var readsText = true

    public init() {}
}
