/// The words a Date value may hold: month and day names (English only, as RFC 5322 section 3.3
/// prescribes; any case, abbreviated or in full) and zone names.
enum DateNames {
    private static let months = ["january", "february", "march", "april", "may", "june", "july",
                                 "august", "september", "october", "november", "december"]
    private static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// 1...12 for `jun`, `june`, `sept`, ...: at least three letters of the full name.
    static func month(_ word: String) -> Int? {
        prefixMatch(word, in: months).map { $0 + 1 }
    }

    /// 0 = Sunday ... 6 = Saturday, for `mon`, `monday`, `thurs`, ...
    static func weekday(_ word: String) -> Int? {
        prefixMatch(word, in: weekdays)
    }

    private static func prefixMatch(_ word: String, in names: [String]) -> Int? {
        guard word.utf8.count >= 3 else { return nil }
        return names.firstIndex { $0.hasPrefix(word) }
    }

    /// The offset in minutes east of UTC of a zone name, nil when unknown.
    ///
    /// - RFC 5322 section 4.3: `UT`, `GMT` and the North American `EST EDT CST CDT MST MDT PST PDT`.
    /// - Military single letters (`A`-`I`, `K`-`Z`): RFC 5322 4.3 says their sign was defined
    ///   backwards in RFC 822 and that they must be read as `-0000`, so they all give 0.
    /// - Common in the wild though not standard: `UTC`, `WET WEST BST CET CEST MET MEST MEZ MESZ EET
    ///   EEST MSK IST(India) JST KST HKT SGT AWST ACST AEST AEDT NZST NZDT HST AKST AKDT AST ADT NST NDT`.
    ///   `IST` is ambiguous (Ireland, Israel, India); India is chosen, as the most frequent sender.
    static func zoneOffset(_ word: String) -> Int? {
        if word.utf8.count == 1 { return word == "j" ? nil : 0 }
        switch word {
        case "ut", "gmt", "utc", "wet", "z": return 0
        case "edt": return -4 * 60
        case "est", "cdt": return -5 * 60
        case "cst", "mdt": return -6 * 60
        case "mst", "pdt": return -7 * 60
        case "pst", "akdt": return -8 * 60
        case "akst": return -9 * 60
        case "hst": return -10 * 60
        case "ast": return -4 * 60
        case "adt": return -3 * 60
        case "nst": return -(3 * 60 + 30)
        case "ndt": return -(2 * 60 + 30)
        case "west", "bst", "cet", "met", "mez": return 60
        case "cest", "mest", "mesz", "eet": return 2 * 60
        case "eest", "msk": return 3 * 60
        case "ist": return 5 * 60 + 30
        case "hkt", "sgt", "awst": return 8 * 60
        case "jst", "kst": return 9 * 60
        case "acst": return 9 * 60 + 30
        case "aest": return 10 * 60
        case "aedt": return 11 * 60
        case "nzst": return 12 * 60
        case "nzdt": return 13 * 60
        default: return nil
        }
    }
}
