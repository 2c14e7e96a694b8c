public import MIME
public import OfferCore

/// What ``DocumentAnalyzer`` found in one message.
public struct MessageDocuments: Sendable {
    public var documents: [AnalyzedDocument]
    /// Links to cloud drives and transfer services in the body: not documents; the reply says so.
    public var hostedLinks: [String]
    /// Refused archives, unreadable TNEF, killed extractors: `zip_bomb`, `zip_too_many_entries`, ...
    public var defects: DefectSet
    /// The language of the mail body.
    public var bodyLanguage: LanguageGuess?

    /// Every kind, once per document and per kind it holds (the multiset the completeness check counts).
    public var kinds: [DocumentKind] { documents.flatMap(\.kinds) }
}
