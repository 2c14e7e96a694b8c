public import OfferCore

/// How the current documents of the register are laid out for an export (`export-documents`, the
/// page's zip): one folder per offer, files named by kind and original name through
/// ``ExportNameAllocator``, and a manifest `sha256sum -c` checks.
public enum DocumentExport {
    /// The manifest each offer's folder holds; no document is ever given this name.
    public static let manifestName = "MANIFEST.sha256"

    /// The offer's current documents, each with the safe name it is written under, kinds in order.
    public static func files(of entry: RegisterEntry) -> [(name: String, document: RegisterEntry.Document)] {
        var names = ExportNameAllocator(reserved: [manifestName])
        return DocumentKind.allCases.flatMap { kind in
            (entry.documents[kind] ?? []).map { document in (names.allocate("\(kind.rawValue) - \(document.filename)"), document) }
        }
    }

    /// The manifest: a comment line naming the offer, then `SHA-256  name` per file; a file whose
    /// bytes retention removed (`purged`: by SHA-256, when) is a comment with its hash, not a line
    /// `sha256sum -c` would fail on.
    public static func manifest(of entry: RegisterEntry, files: [(name: String, document: RegisterEntry.Document)],
                                purged: [String: Int64] = [:]) -> String {
        manifestComment(entry) + files.map { file in
            if let at = purged[file.document.sha256] {
                return "# removed by retention on \(TimeText.rfc3339(at)): \(file.document.sha256)  \(file.name)\n"
            }
            return "\(file.document.sha256)  \(file.name)\n"
        }.joined()
    }

    /// The manifest's first line, a comment `sha256sum -c` skips. The applicant's name is theirs to
    /// choose: line breaks and invisible characters are taken out so it stays one honest line.
    public static func manifestComment(_ entry: RegisterEntry) -> String {
        let text = "# \(entry.id) \(entry.status.rawValue) \(entry.applicantName ?? "") <\(entry.applicantAddress)>"
        let visible = text.unicodeScalars.filter { !ExportNameAllocator.isInvisible($0) }
        return String(String.UnicodeScalarView(visible)) + "\n"
    }

    /// The top folder an offer goes in when offers are kept apart by status: an offer that is
    /// late or incomplete is never beside the accepted ones, so nobody evaluates it by mistake.
    public static func statusFolder(_ status: OfferStatus) -> String {
        switch status {
        case .accepted: "accepted"
        case .incomplete: "incomplete - NOT COMPLETE"
        case .late: "late - RECEIVED AFTER THE DEADLINE"
        }
    }
}
