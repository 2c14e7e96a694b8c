/// Tolerant word comparison for file names and headings, where typos are common
/// (`curiculum`, `finacial`, `methodolgy`, `lettre d'intension`).
enum FuzzyMatch {
    /// Whether `word` is `target` with at most one edit (insertion, deletion, substitution or swap of
    /// two neighbours) for targets of 6+ letters, two for 10+; exact for shorter ones, where one
    /// edit turns a word into another word (`plan`/`plano` are separate entries).
    static func matches(_ word: Substring, _ target: Substring) -> Bool {
        // Folded vocabulary is ASCII, so UTF-8 lengths are letter counts (and O(1) to get).
        let wordLength = word.utf8.count, targetLength = target.utf8.count
        let allowed = targetLength >= 10 ? 2 : (targetLength >= 6 ? 1 : 0)
        guard abs(wordLength - targetLength) <= allowed else { return false }
        if wordLength == targetLength, word == target { return true }
        guard allowed > 0, wordLength >= 5 else { return false }
        // Words that share neither their first nor their last letter are not typos of each other.
        guard word.utf8.first == target.utf8.first || word.utf8.last == target.utf8.last else { return false }
        return distance(Array(word.utf8), Array(target.utf8), limit: allowed) <= allowed
    }

    /// Optimal string alignment distance, stopped early past `limit`. Words are short (file names).
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        let n = a.count, m = b.count
        guard n <= 64, m <= 64 else { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...max(n, 1) where n > 0 {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(m, 1) where m > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            previous2 = previous
            previous = current
        }
        return n == 0 ? m : (m == 0 ? n : previous[m])
    }

    /// Whether `phrase` occurs in `tokens`, each word compared with ``matches(_:_:)``.
    static func containsPhrase(_ phrase: [Substring], in tokens: [Substring]) -> Bool {
        guard !phrase.isEmpty, tokens.count >= phrase.count else { return false }
        for start in 0...(tokens.count - phrase.count) {
            var ok = true
            for offset in 0..<phrase.count where !matches(tokens[start + offset], phrase[offset]) {
                ok = false
                break
            }
            if ok { return true }
        }
        return false
    }
}
