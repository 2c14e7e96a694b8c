/// Evidence points per kind, with the reasons that earned them, in the order found.
struct KindScores {
    private(set) var points: [DocumentKind: Double] = [:]
    private(set) var reasons: [DocumentKind: [String]] = [:]

    mutating func add(_ value: Double, to kind: DocumentKind, because reason: String) {
        guard value > 0 else { return }
        points[kind, default: 0] += value
        if reasons[kind, default: []].count < 8 { reasons[kind, default: []].append(reason) }
    }

    func score(_ kind: DocumentKind) -> Double { points[kind] ?? 0 }

    mutating func merge(_ other: KindScores) {
        for (kind, value) in other.points { points[kind, default: 0] += value }
        for (kind, list) in other.reasons {
            for reason in list where reasons[kind, default: []].count < 8 { reasons[kind, default: []].append(reason) }
        }
    }

    /// Kinds ordered by points, highest first (ties in the kind's declaration order).
    var ranked: [(kind: DocumentKind, score: Double)] {
        DocumentKind.allCases.filter { $0 != .other }.map { ($0, score($0)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : (DocumentKind.allCases.firstIndex(of: $0.kind) ?? 0) < (DocumentKind.allCases.firstIndex(of: $1.kind) ?? 0) }
    }
}
