/// One file as the message-level resolver sees it: its name, whether it had text, and what the
/// file alone was judged to be.
public struct ContextFile: Sendable {
    public var filename: String?
    public var hasText: Bool
    public var decisions: [KindDecision]

    public init(filename: String?, hasText: Bool, decisions: [KindDecision]) {
        self.filename = filename
        self.hasText = hasText
        self.decisions = decisions
    }
}
