/// Finds numbers and amounts of money in text, in English and European formats.
///
/// Separators: with both `.` and `,` the last one written is the decimal mark (`25,000.00`,
/// `1.250.000,00`); with one of them once, it groups thousands when exactly three digits follow
/// (`25.000`, `25,000`) and is a decimal mark otherwise (`450,50`, `12.5`); repeated, it groups.
/// Spaces, no-break spaces and apostrophes group thousands only before a group of three
/// (`1 250 000`, `25'000`). A currency may stand before (`EUR 450`, `€450`, `US$ 1,000`) or after
/// (`450 €`, `1 250 000 FCFA`), and `k`, `M`, `mil`, `million` multiply (`25 k€`, `25 mil euros`).
/// Linear in the length of the text.
public enum AmountScanner {
    /// Every number in `text`, in order.
    public static func scan(_ text: some StringProtocol) -> [ScannedAmount] {
        scan(scalars: Array(text.unicodeScalars))
    }

    static func scan(scalars: [Unicode.Scalar]) -> [ScannedAmount] {
        var results: [ScannedAmount] = []
        var index = 0
        let count = scalars.count
        while index < count {
            guard isDigit(scalars[index]), index == 0 || !isWordScalar(scalars[index - 1]) || isCurrencySymbol(scalars[index - 1]) else {
                index &+= 1
                continue
            }
            guard let number = readNumber(scalars, from: index) else {
                index &+= 1
                continue
            }
            var end = number.end
            var hundredths = number.hundredths
            var multiplied = false
            if let multiplier = readMultiplier(scalars, from: end) {
                let (product, overflow) = hundredths.multipliedReportingOverflow(by: multiplier.factor)
                if !overflow {
                    hundredths = product
                    end = multiplier.end
                    multiplied = true
                }
            }
            var start = index
            var currency: Currency?
            if let after = readCurrency(scalars, from: end) {
                currency = after.currency
                end = after.end
            } else if let before = readCurrencyBefore(scalars, endingAt: index) {
                currency = before.currency
                start = before.start
            }
            if end < count, isLetter(scalars[end]) && !multiplied && currency == nil {
                // `2nd`, `3D`, `10am`: a token, not an amount.
                index = skipWord(scalars, from: end)
                continue
            }
            let isYear = currency == nil && !number.hasFraction && !number.grouped && number.digitCount == 4
                && (1900...2099).contains(hundredths / 100)
            results.append(ScannedAmount(hundredths: hundredths, currency: currency, range: start..<end,
                                         hasFraction: number.hasFraction, looksLikeYear: isYear))
            index = max(end, index &+ 1)
        }
        return results
    }

    private struct NumberToken {
        var hundredths: Int
        var end: Int
        var hasFraction: Bool
        var grouped: Bool
        var digitCount: Int
    }

    private enum Separator: Equatable { case dot, comma, space, apostrophe }

    private static func separator(_ scalar: Unicode.Scalar) -> Separator? {
        switch scalar.value {
        case 0x2E: .dot
        case 0x2C: .comma
        case 0x20, 0xA0, 0x202F, 0x2009: .space
        case 0x27, 0x2019: .apostrophe
        default: nil
        }
    }

    /// Reads digit groups and the separators between them, then decides which separator is the decimal mark.
    private static func readNumber(_ s: [Unicode.Scalar], from start: Int) -> NumberToken? {
        let (groups, separators, index) = readGroups(s, from: start)
        let decimalAt = decimalMark(groups: groups, separators: separators)   // index into separators
        // Validate grouping: every group after the first, before the decimal mark, has exactly three digits.
        let integerGroupCount = (decimalAt ?? separators.count) + 1
        var valid = true
        if integerGroupCount > 1 {
            if groups[0].count > 3 { valid = false }
            for group in groups[1..<integerGroupCount] where group.count != 3 { valid = false }
        }
        if !valid {
            // Keep only the first group: `2022.2023` is two numbers, not one.
            return token(integer: [groups[0]], fraction: nil, end: start + groups[0].count, grouped: false)
        }
        var fraction: [UInt8]?
        var end = index
        if let decimalAt {
            fraction = groups[decimalAt + 1]
            if groups.count > decimalAt + 2 {
                // Digits after the fraction belong to another number; stop after the fraction.
                end = start
                for (i, group) in groups[0...(decimalAt + 1)].enumerated() { end += group.count + (i > 0 ? 1 : 0) }
            }
        }
        return token(integer: Array(groups[0..<integerGroupCount]), fraction: fraction, end: end,
                     grouped: integerGroupCount > 1)
    }

    /// The digit groups from `start` (at most 8, of at most 18 digits), the separators between
    /// them, and the index after the last group.
    private static func readGroups(_ s: [Unicode.Scalar], from start: Int) -> (groups: [[UInt8]], separators: [Separator], end: Int) {
        var groups: [[UInt8]] = []
        var separators: [Separator] = []
        var index = start
        var current: [UInt8] = []
        while index < s.count, isDigit(s[index]), current.count < 18 {
            current.append(UInt8(s[index].value - 0x30))
            index &+= 1
        }
        groups.append(current)
        while index + 1 < s.count, let sep = separator(s[index]), isDigit(s[index + 1]), groups.count < 8 {
            var next: [UInt8] = []
            var probe = index + 1
            while probe < s.count, isDigit(s[probe]), next.count < 18 {
                next.append(UInt8(s[probe].value - 0x30))
                probe &+= 1
            }
            if sep == .space || sep == .apostrophe {
                // Group only `1 250 000`-style: three digits after, at most three before the first separator.
                let followedByDigitOrLetter = probe < s.count && (isDigit(s[probe]) || isLetter(s[probe]))
                guard next.count == 3, groups.last.map({ $0.count <= 3 }) ?? false, !followedByDigitOrLetter,
                      !separators.contains(where: { $0 == .dot || $0 == .comma }) || separators.last == sep else { break }
            }
            separators.append(sep)
            groups.append(next)
            index = probe
        }
        return (groups, separators, index)
    }

    /// Which separator (an index into `separators`) is the decimal mark, if any.
    private static func decimalMark(groups: [[UInt8]], separators: [Separator]) -> Int? {
        let marks = separators.enumerated().filter { $0.element == .dot || $0.element == .comma }
        guard let last = marks.last else { return nil }
        let kinds = Set(marks.map(\.element))
        let afterLast = groups[last.offset + 1]
        if kinds.count == 2 {
            return last.offset
        } else if marks.count == 1 {
            // `1 250,000`? a space group then a comma and 3 digits: thousands anyway.
            return afterLast.count != 3 ? last.offset : nil
        } else {
            // Repeated: all grouping, unless the final group is not three digits (`1.250.5`): decimal then.
            return afterLast.count != 3 ? last.offset : nil
        }
    }

    private static func token(integer: [[UInt8]], fraction: [UInt8]?, end: Int, grouped: Bool) -> NumberToken? {
        var value = 0
        var digits = 0
        for group in integer {
            for digit in group {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(digit))
                if o1 || o2 || digits > 15 { return nil }
                value = plus
                digits += 1
            }
        }
        var cents = 0
        if let fraction, !fraction.isEmpty {
            let first = Int(fraction[0])
            let second = fraction.count > 1 ? Int(fraction[1]) : 0
            cents = first * 10 + second
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        return NumberToken(hundredths: scaled &+ cents, end: end, hasFraction: fraction != nil,
                           grouped: grouped, digitCount: digits)
    }

    private static func readMultiplier(_ s: [Unicode.Scalar], from start: Int) -> (factor: Int, end: Int)? {
        var index = start
        while index < s.count, separator(s[index]) == .space { index &+= 1 }
        guard index < s.count else { return nil }
        let word = lowerWord(s, from: index)
        let candidates: [(String, Int, Bool)] = [
            ("k", 1000, false), ("m", 1_000_000, true), ("mil", 1000, true), ("mille", 1000, true),
            ("million", 1_000_000, false), ("millions", 1_000_000, false), ("milhoes", 1_000_000, false),
            ("milhao", 1_000_000, false), ("mio", 1_000_000, true), ("mn", 1_000_000, true),
        ]
        for (text, factor, needsCurrency) in candidates where word.text == text {
            // `k€`, `kEUR`, `25K`; `M` and `mil` only when a currency follows (`5 m` is five metres).
            if needsCurrency && readCurrency(s, from: word.end) == nil { return nil }
            return (factor, word.end)
        }
        // `k€` / `M€`: the letter glued to a symbol.
        if (s[index] == "k" || s[index] == "K" || s[index] == "M"), index + 1 < s.count, isCurrencySymbol(s[index + 1]) {
            return (s[index] == "M" ? 1_000_000 : 1000, index + 1)
        }
        if (s[index] == "k" || s[index] == "K"), index + 1 < s.count {
            let rest = lowerWord(s, from: index + 1)
            if ["eur", "euro", "euros", "usd", "fcfa", "xof", "mad", "gbp", "dh"].contains(rest.text) { return (1000, index + 1) }
        }
        return nil
    }

    /// A folded word starting at `index` (letters only).
    private static func lowerWord(_ s: [Unicode.Scalar], from start: Int) -> (text: String, end: Int) {
        var text = ""
        var index = start
        while index < s.count, isLetter(s[index]), text.count < 24 {
            text += TextFolding.foldScalar(s[index]) ?? ""
            index &+= 1
        }
        return (text, index)
    }

    /// A currency right after `start` (spaces allowed before it).
    static func readCurrency(_ s: [Unicode.Scalar], from start: Int) -> (currency: Currency, end: Int)? {
        var index = start
        while index < s.count, separator(s[index]) == .space { index &+= 1 }
        guard index < s.count else { return nil }
        let window = lowered(s, from: index, count: 16)
        guard let first = window.first else { return nil }
        for spelling in Spelling.byFirstScalar[first] ?? [] where spelling.isPrefix(of: window) {
            let end = index + spelling.scalars.count
            // Words must end at a word boundary (`EUR`, not `EUROPE`; `DH`, not `DHL`).
            if let lastScalar = spelling.scalars.last, isLetter(lastScalar), end < s.count, isLetter(s[end]) { continue }
            return (spelling.currency, end)
        }
        return nil
    }

    /// A currency that ends right before `end` (spaces allowed between it and the number).
    private static func readCurrencyBefore(_ s: [Unicode.Scalar], endingAt end: Int) -> (currency: Currency, start: Int)? {
        var index = end
        while index > 0, separator(s[index - 1]) == .space || s[index - 1] == ":" { index &-= 1 }
        guard index > 0 else { return nil }
        let from = max(0, index - 16)
        let window = lowered(s, from: from, count: index - from)
        guard let last = window.last else { return nil }
        for spelling in Spelling.byLastScalar[last] ?? [] where spelling.isSuffix(of: window) {
            let start = index - spelling.scalars.count
            guard start >= 0 else { continue }
            if let first = spelling.scalars.first, isLetter(first), start > 0, isLetter(s[start - 1]) { continue }
            // Only codes and symbols stand before a number; words (`euros 450`) do not.
            if spelling.characters > 4 && spelling.text != "us$" { continue }
            return (spelling.currency, start)
        }
        return nil
    }

    /// A spelling of ``Currency/spellings`` as scalars, looked up by its first or last scalar, in
    /// the table's order (longest first), instead of comparing every spelling as a String.
    struct Spelling {
        let text: String
        let scalars: [Unicode.Scalar]
        let characters: Int
        let currency: Currency

        /// `String(window).hasPrefix(text)`: on the scalars when the scalar after the match is below
        /// U+0300 (then the match ends a character), else as Strings compare (grapheme rules).
        func isPrefix(of window: [Unicode.Scalar]) -> Bool {
            guard window.count >= scalars.count, window.starts(with: scalars) else { return false }
            guard window.count > scalars.count, window[scalars.count].value >= 0x300 else { return true }
            return Spelling.string(window).hasPrefix(text)
        }

        /// `String(window).hasSuffix(text)`: on the scalars when the match and the scalar before it
        /// are below U+0300 (then the match begins a character), else as Strings compare.
        func isSuffix(of window: [Unicode.Scalar]) -> Bool {
            let start = window.count - scalars.count
            guard start >= 0, window[start...].elementsEqual(scalars) else { return false }
            if window[start...].allSatisfy({ $0.value < 0x300 }), start == 0 || window[start - 1].value < 0x300 { return true }
            return Spelling.string(window).hasSuffix(text)
        }

        static func string(_ scalars: [Unicode.Scalar]) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }

        static let all: [Spelling] = Currency.spellings.map {
            Spelling(text: $0.text, scalars: Array($0.text.unicodeScalars), characters: $0.text.count, currency: $0.currency)
        }
        static let byFirstScalar: [Unicode.Scalar: [Spelling]] = Dictionary(grouping: all) { $0.scalars[0] }
        static let byLastScalar: [Unicode.Scalar: [Spelling]] = Dictionary(grouping: all) { $0.scalars[$0.scalars.count - 1] }
    }

    private static func lowered(_ s: [Unicode.Scalar], from start: Int, count: Int) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var index = start
        let end = min(s.count, start + count)
        out.reserveCapacity(max(0, end - start))
        while index < end {
            let scalar = s[index]
            if scalar.value >= 0x41 && scalar.value <= 0x5A, let lower = Unicode.Scalar(scalar.value + 0x20) {
                out.append(lower)
            } else if scalar.value >= 0x80, let folded = TextFolding.foldScalar(scalar), folded.unicodeScalars.count == 1,
                      scalar.properties.isAlphabetic {
                out.append(contentsOf: folded.unicodeScalars)
            } else if separator(scalar) == .space {
                out.append(" ")
            } else {
                out.append(scalar)
            }
            index &+= 1
        }
        return out
    }

    private static func skipWord(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < s.count, isWordScalar(s[index]) { index &+= 1 }
        return index
    }

    @inline(__always) static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    @inline(__always) static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        return scalar.properties.isAlphabetic
    }

    @inline(__always) private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || isDigit(scalar) }

    @inline(__always) private static func isCurrencySymbol(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "€" || scalar == "$" || scalar == "£" || scalar == "₦" || scalar == "₵"
    }
}
