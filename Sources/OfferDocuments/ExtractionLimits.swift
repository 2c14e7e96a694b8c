/// Bounds on reading the text of a file.
public struct ExtractionLimits: Sendable, Hashable {
    /// Files larger than this are not read for text (classified by name and context).
    public var maxFileBytes: Int = 40 << 20
    /// Characters of text kept per file; classification needs the beginning of each section.
    public var maxTextCharacters: Int = 1 << 20
    /// Bytes inflated from the XML inside one DOCX, XLSX, PPTX, ODT or ODS.
    public var maxOfficeXMLBytes: Int = 40 << 20
    public var maxOfficeEntries: Int = 5000

    public init() {}
}
