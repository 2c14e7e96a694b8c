/// A parsed RFC 5322 message: its header fields, its decoded envelope and its MIME tree.
public struct Message: Sendable {
    public var headers: HeaderList
    /// The decoded Message-ID, From, To, Subject, Date, ...
    public var envelope: Envelope
    /// The best text of the message: text/plain preferred, else HTML made readable; nil when none.
    public var text: String?
    /// The root of the MIME tree; for a single-part message it is the only leaf.
    public var root: Part
    /// Everything the parser repaired, in the message and every part.
    public var defects: DefectSet

    public init(headers: HeaderList, envelope: Envelope, text: String?, root: Part, defects: DefectSet) {
        self.headers = headers
        self.envelope = envelope
        self.text = text
        self.root = root
        self.defects = defects
    }
}
