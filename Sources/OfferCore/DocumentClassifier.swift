/// Decides which of the call's documents a file is, from its name and its text.
///
/// How, so the committee can follow it:
/// 1. The file name is folded (`Offre_Financière(2).XLSX` → `offre financiere 2`) and compared
///    with the vocabulary of each kind in English, French and Portuguese, tolerating one typo in
///    words of 6+ letters: a phrase that names a kind is worth 3 points, a hinting word 1.
/// 2. The text is folded the same way. A title heading (`CURRICULUM VITAE`, `2. Méthodologie`,
///    `Proposta financeira`) is worth 3 points; section headings, vocabulary, a letter's greeting
///    and closing, amounts with a currency, employment date ranges and numbered steps add more.
/// 3. A file name that names one kind outright decides, unless the text is titled as another kind
///    and scores at least 6 points and twice the named kind. Otherwise a kind is only chosen when it
///    has an anchor of its own (a title, or its typical shape) and at least 2 points; else `other`.
/// 4. When the text holds titles of two or more kinds, each titled section is scored on its own and
///    every kind whose section stands up counts: one PDF with the letter, workplan, budget and CV
///    gives four kinds. A file without text (a scan) whose name names two kinds gives both.
/// The confidence grows with the points (1 − e^(−points/3.5)) and shrinks when another kind comes close.
public struct DocumentClassifier: Sendable {
    public init() {}

    /// Points a kind needs, with an anchor, to be chosen.
    static let threshold = 2.0
    /// Points a titled section needs to count as a document of its own in a combined file.
    static let sectionThreshold = 4.5

    /// The kinds of one file, most confident first; `other` alone when nothing fits.
    /// `text` is nil when the file has no text layer (a scan, an encrypted PDF, an image).
    public func classify(filename: String?, text: String?) -> [KindDecision] {
        let name = FilenameEvidence(filename)
        let hasText = text.map { $0.unicodeScalars.lazy.filter { $0.properties.isAlphabetic }.prefix(40).count >= 40 } ?? false
        guard hasText, let text else {
            return fromNameOnly(name, noTextReason: text == nil ? "no text layer: judged by the file name" : "almost no text: judged by the file name")
        }
        let content = ContentEvidence(text)
        let all = 0..<content.lineCount
        let contentScores = content.scores(lines: all)
        var total = contentScores
        total.merge(name.scores)

        // Several documents in one file: titled sections of different kinds.
        let sectionKinds = kindsBySection(content, name: name)
        if sectionKinds.count >= 2 {
            return sectionKinds.map { entry in
                var reasons = entry.reasons
                reasons.insert("one of \(sectionKinds.count) documents in this file (titled sections)", at: 0)
                return KindDecision(kind: entry.kind, confidence: Self.confidence(entry.score, runnerUp: 0), reasons: reasons)
            }
        }
        // A name that names two kinds, with text supporting each.
        if name.stronglyNamed.count >= 2 {
            let supported = name.stronglyNamed.filter { contentScores.score($0) >= 2.5 && content.hasAnchor($0, lines: all) }
            if supported.count >= 2 {
                return supported.map { kind in
                    KindDecision(kind: kind, confidence: Self.confidence(total.score(kind), runnerUp: 0),
                                 reasons: ["the file name names \(supported.count) documents and the text supports each"] + (total.reasons[kind] ?? []))
                }
            }
        }
        // A name that names one kind outright wins unless the text is titled as another kind and
        // clearly about it: applicants rarely misname a file, while texts quote the other documents.
        if name.stronglyNamed.count == 1, let named = name.stronglyNamed.first {
            let titled = Set(content.headings.map(\.kind))
            if let rival = contentScores.ranked.first, rival.kind != named, titled.contains(rival.kind), !titled.contains(named),
               rival.score >= 6, rival.score > 2 * contentScores.score(named) {
                var reasons = contentScores.reasons[rival.kind] ?? []
                reasons.append("the text contradicts the file name (\(name.scores.reasons[named]?.first ?? named.rawValue))")
                return [KindDecision(kind: rival.kind, confidence: Self.confidence(rival.score, runnerUp: total.score(named)), reasons: reasons)]
            }
            var reasons = total.reasons[named] ?? []
            if let rival = contentScores.ranked.first, rival.kind != named, rival.score > contentScores.score(named) {
                reasons.append("the text leans to \(rival.kind.rawValue) (\(Self.format(rival.score)) points) but has no title saying so")
            }
            return [KindDecision(kind: named, confidence: Self.confidence(total.score(named), runnerUp: contentScores.score(named) < 1 ? 1 : 0), reasons: reasons)]
        }
        let ranked = total.ranked.filter { name.stronglyNamed.contains($0.kind) || content.hasAnchor($0.kind, lines: all) }
        guard let best = ranked.first, best.score >= Self.threshold else {
            return [Self.other(ranked: total.ranked, reason: "no kind has both enough points and a shape of its own")]
        }
        let runnerUp = ranked.dropFirst().first?.score ?? 0
        var reasons = total.reasons[best.kind] ?? []
        if let second = ranked.dropFirst().first, second.score > 0 {
            reasons.append("next: \(second.kind.rawValue) \(Self.format(second.score)) against \(Self.format(best.score)) points")
        }
        return [KindDecision(kind: best.kind, confidence: Self.confidence(best.score, runnerUp: runnerUp), reasons: reasons)]
    }

    /// Scores the sections that start at a title heading; a kind counts when one of its sections
    /// (or the untitled opening, for a letter) stands up on its own.
    private func kindsBySection(_ content: ContentEvidence, name: FilenameEvidence) -> [(kind: DocumentKind, score: Double, reasons: [String])] {
        let headings = content.headings
        guard Set(headings.map(\.kind)).count >= 2 || (headings.first.map { $0.line > 3 } ?? false) else { return [] }
        // Section boundaries: each title that changes the kind.
        var boundaries: [(start: Int, kind: DocumentKind?)] = [(0, nil)]
        for heading in headings where heading.kind != boundaries.last?.kind {
            boundaries.append((heading.line, heading.kind))
        }
        var found: [DocumentKind: (score: Double, reasons: [String])] = [:]
        for (index, boundary) in boundaries.enumerated() {
            let end = index + 1 < boundaries.count ? boundaries[index + 1].start : content.lineCount
            let lines = boundary.start..<end
            guard !lines.isEmpty else { continue }
            let scores = content.scores(lines: lines)
            let kind: DocumentKind
            if let titled = boundary.kind {
                kind = titled
            } else {
                // The untitled opening: a letter without a title, as applicants write them.
                guard let best = scores.ranked.first, best.kind == .letterOfIntent, content.hasAnchor(.letterOfIntent, lines: lines) else { continue }
                kind = best.kind
            }
            let score = scores.score(kind)
            guard score >= Self.sectionThreshold, content.hasAnchor(kind, lines: lines) else { continue }
            // The section must be about its title, not mostly about another kind.
            if let top = scores.ranked.first, top.kind != kind, top.score > score * 1.5 { continue }
            if score > (found[kind]?.score ?? 0) {
                found[kind] = (score, (scores.reasons[kind] ?? []).map { "lines \(lines.lowerBound + 1)–\(lines.upperBound): " + $0 })
            }
        }
        return DocumentKind.allCases.compactMap { kind in found[kind].map { (kind, $0.score, $0.reasons) } }
    }

    private func fromNameOnly(_ name: FilenameEvidence, noTextReason: String) -> [KindDecision] {
        let ranked = name.scores.ranked.filter { $0.score > 0 }
        if name.stronglyNamed.count >= 2 {
            return name.stronglyNamed.map { kind in
                KindDecision(kind: kind, confidence: 0.5, reasons: [noTextReason] + (name.scores.reasons[kind] ?? []) + ["the file name names \(name.stronglyNamed.count) documents"])
            }
        }
        guard let best = ranked.first, best.score >= 1 else {
            return [KindDecision(kind: .other, confidence: 0.3, reasons: [noTextReason, "the file name names no document of the call"])]
        }
        let confidence = best.score >= 3 ? 0.7 : 0.35
        return [KindDecision(kind: best.kind, confidence: confidence, reasons: [noTextReason] + (name.scores.reasons[best.kind] ?? []))]
    }

    static func other(ranked: [(kind: DocumentKind, score: Double)], reason: String) -> KindDecision {
        var reasons = [reason]
        if let best = ranked.first, best.score > 0 {
            reasons.append("best was \(best.kind.rawValue) with \(format(best.score)) points")
        }
        let best = ranked.first?.score ?? 0
        return KindDecision(kind: .other, confidence: max(0.3, 1 - confidence(best, runnerUp: 0)), reasons: reasons)
    }

    static func confidence(_ score: Double, runnerUp: Double) -> Double {
        var value = 1 - exp(-score / 3.5)
        if score > 0, runnerUp > 0 { value *= max(0.5, 1 - 0.5 * runnerUp / score) }
        return (min(0.99, max(0.05, value)) * 100).rounded() / 100
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// e^x without Foundation, for the confidence curve: e^x = (e^(x/16))^16, the inner power by
    /// its Taylor series (accurate to 1e-9 for the |x| < 20 used here).
    private static func exp(_ x: Double) -> Double {
        var result = 1.0, term = 1.0
        let reduced = x / 16
        for n in 1...12 {
            term *= reduced / Double(n)
            result += term
        }
        for _ in 0..<4 { result *= result }
        return result
    }
}
