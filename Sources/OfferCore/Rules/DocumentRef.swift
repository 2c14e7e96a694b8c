/// A document as the rules know it: by identity, never by file name (two files may share a name,
/// and a resubmission often does).
public enum DocumentRef: Sendable, Hashable {
    /// A row of the register.
    case stored(Int64)
    /// The n-th document of the message being decided, before it is stored.
    case incoming(Int)

    /// The register's row, for a stored document.
    public var row: Int64? {
        if case .stored(let id) = self { return id }
        return nil
    }
}
