/// IMAP sequence sets of UIDs (RFC 3501 §9, `sequence-set`), e.g. `1:5,7,9:12`.
enum UIDSet {
    /// The compact form of the given UIDs (any order, duplicates allowed); "" when empty.
    static func format<S: Sequence>(_ uids: S) -> String where S.Element == UInt32 {
        let sorted = Array(Set(uids)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            let first = sorted[index]
            var last = first
            while index + 1 < sorted.count, sorted[index + 1] == last &+ 1, last != UInt32.max {
                index += 1
                last = sorted[index]
            }
            parts.append(first == last ? "\(first)" : "\(first):\(last)")
            index += 1
        }
        return parts.joined(separator: ",")
    }

    /// The UIDs of a set without `*`. Ranges may be written high:low. Expansion stops
    /// at `limit` UIDs so that a hostile server cannot make us allocate gigabytes.
    static func parse(_ text: Substring, limit: Int = 100_000) -> [UInt32]? {
        var result: [UInt32] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            switch bounds.count {
            case 1:
                guard let value = UInt32(bounds[0]) else { return nil }
                result.append(value)
            case 2:
                guard let a = UInt32(bounds[0]), let b = UInt32(bounds[1]) else { return nil }
                let (low, high) = a <= b ? (a, b) : (b, a)
                var value = low
                while true {
                    result.append(value)
                    if result.count >= limit || value == high { break }
                    value += 1
                }
            default:
                return nil
            }
            if result.count >= limit { break }
        }
        return result
    }
}
