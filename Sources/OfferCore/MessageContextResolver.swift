/// Uses the mail around the files to recognise files that say nothing by themselves
/// (`scan001.pdf` without a text layer, `Document (2).docx` with little text).
///
/// 1. A line of the body or the subject that names the file (`scan001.pdf : mon CV`) and one kind
///    gives the file that kind.
/// 2. Elimination: the kinds the mail mentions (`please find attached my CV and the budget`) that no
///    other file (nor a letter in the body) provides are given to the unrecognised files: one
///    file and one missing kind, or as many files as missing kinds in the order the mail lists
///    them, or every missing kind to a lone file when the message has no other document.
/// Confidences are low (0.3–0.5) and the reasons say it was the context.
public struct MessageContextResolver: Sendable {
    public init() {}

    public func resolve(_ files: [ContextFile], body: String?, subject: String?, bodyLetter: Bool) -> [[KindDecision]] {
        var result = files.map(\.decisions)
        let isUnresolved: (Int) -> Bool = { index in
            files[index].decisions.count == 1 && files[index].decisions[0].kind == .other
                && FilenameEvidence(files[index].filename).scores.ranked.first.map { $0.score == 0 } ?? true
        }
        var unresolved = files.indices.filter(isUnresolved)
        guard !unresolved.isEmpty else { return result }
        // At most 2,000 lines of at most 1,000 characters: a line that names a file is short, and each
        // unresolved file is looked for in every line, so a body of one 4 MB line and 200 files
        // would otherwise cost 200 scans of 4 MB.
        let lines = ([subject ?? ""] + (body.map { BodyLetterDetector.ownText($0).split(separator: "\n").prefix(2000).map { String($0.prefix(1000)) } } ?? []))
            .filter { !$0.isEmpty }

        // 1. A line that names the file.
        let foldedLines = lines.prefix(2000).map { TextFolding.foldFilename($0).split(separator: " ") }
        for index in unresolved {
            guard let filename = files[index].filename else { continue }
            let stem = FilenameEvidence.tokens(of: filename)
            guard !stem.isEmpty, stem.joined().count >= 3 else { continue }
            for (line, lineTokens) in zip(lines, foldedLines) {
                guard Self.contains(lineTokens, stem) else { continue }
                let evidence = FilenameEvidence(line)
                if evidence.stronglyNamed.count == 1, let kind = evidence.stronglyNamed.first {
                    result[index] = [KindDecision(kind: kind, confidence: 0.5, reasons: [
                        "the mail names this file as \(kind.rawValue): \"\(String(line.prefix(80)))\"",
                    ] + (evidence.scores.reasons[kind] ?? []))]
                    break
                }
            }
        }
        unresolved = unresolved.filter { result[$0].count == 1 && result[$0][0].kind == .other }
        guard !unresolved.isEmpty else { return result }

        // 2. Elimination.
        var mentioned: [DocumentKind] = []
        for tokens in foldedLines {
            for kind in Self.kindsInOrder(tokens) where !mentioned.contains(kind) { mentioned.append(kind) }
        }
        var present = Set(result.flatMap { $0.map(\.kind) })
        if bodyLetter { present.insert(.letterOfIntent) }
        let missing = mentioned.filter { !present.contains($0) && $0 != .other }
        guard !missing.isEmpty else { return result }
        let otherDocuments = files.indices.filter { !unresolved.contains($0) && result[$0].contains { $0.kind != .other } }
        if missing.count == unresolved.count {
            for (index, kind) in zip(unresolved, missing) {
                let reason = missing.count == 1
                    ? "by elimination: the mail mentions \(kind.rawValue), no other file is one, and this is the only unrecognised file"
                    : "by elimination: the mail mentions \(missing.map(\.rawValue).joined(separator: ", ")) in this order, which no other file provides, and the unrecognised files come in the same order"
                result[index] = [KindDecision(kind: kind, confidence: missing.count == 1 ? 0.4 : 0.3, reasons: [reason])]
            }
        } else if unresolved.count == 1, otherDocuments.isEmpty, let index = unresolved.first {
            result[index] = missing.map { kind in
                KindDecision(kind: kind, confidence: 0.3, reasons: [
                    "the mail mentions \(missing.map(\.rawValue).joined(separator: ", ")) and this is its only file",
                ])
            }
        }
        return result
    }

    private static func contains(_ tokens: [Substring], _ phrase: [Substring]) -> Bool {
        guard tokens.count >= phrase.count else { return false }
        for start in 0...(tokens.count - phrase.count) where Array(tokens[start..<start + phrase.count]) == phrase { return true }
        return false
    }

    private static let strongPhrases: [DocumentKind: [[Substring]]] = Vocabulary.filenameStrong.mapValues { phrases in
        phrases.filter { $0.count >= 2 }.map { $0.split(separator: " ") }
    }

    /// The kinds a line names strongly, in the order they appear.
    private static func kindsInOrder(_ tokens: [Substring]) -> [DocumentKind] {
        var found: [(Int, DocumentKind)] = []
        // Exact words here (a body is long; typos are for file names): first token → positions.
        var positions: [Substring: [Int]] = [:]
        for (index, token) in tokens.enumerated() { positions[token, default: []].append(index) }
        for kind in [DocumentKind.letterOfIntent, .workplan, .financialOffer, .cv] {
            var first: Int?
            for words in Self.strongPhrases[kind] ?? [] {
                guard let head = words.first, let starts = positions[head] else { continue }
                for start in starts where start + words.count <= tokens.count && Array(tokens[start..<start + words.count]) == words {
                    first = min(first ?? start, start)
                    break
                }
            }
            if let first { found.append((first, kind)) }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
