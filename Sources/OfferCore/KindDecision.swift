/// One kind a file (or the mail body) was recognised as, with how sure and why.
public struct KindDecision: Sendable, Hashable {
    public var kind: DocumentKind
    /// 0...1: how strongly the evidence points at this kind.
    public var confidence: Double
    /// Human-readable evidence, most telling first: `file name says "cv"`, `heading "Curriculum Vitae"`.
    public var reasons: [String]

    public init(kind: DocumentKind, confidence: Double, reasons: [String]) {
        self.kind = kind
        self.confidence = confidence
        self.reasons = reasons
    }
}
