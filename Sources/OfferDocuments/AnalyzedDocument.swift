public import OfferCore

/// One file of a message (or the mail body, when it is the letter of intent) with what it was recognised as.
public struct AnalyzedDocument: Sendable {
    /// What the file is, most confident first; several when one file holds several documents.
    public var decisions: [KindDecision]
    public var filename: String?
    /// The IMAP section of the part (for a zip entry or a TNEF file: of the zip / winmail.dat).
    public var partPath: String
    /// The zip attachment's filename when the file was found inside a zip.
    public var archive: String?
    /// Nil for the mail body.
    public var origin: MessageFile.Origin?
    public var isBodyLetter: Bool
    public var mediaType: String
    public var language: LanguageGuess?
    public var hasText: Bool
    /// Why there is no text, or what was cut.
    public var textNote: String?
    /// For a financial offer with text: its figures and the cap check.
    public var financial: FinancialFigures?
    /// The file's bytes (the decoded body part for a letter in the body).
    public var bytes: [UInt8]
    /// SHA-256 of ``bytes``, lowercase hex (64 characters), computed once by the analyzer.
    public var sha256: String

    public var kinds: [DocumentKind] { decisions.map(\.kind) }
}
