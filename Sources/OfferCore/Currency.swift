/// A currency as applicants write it: an ISO 4217 code, a symbol or a word.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// ISO 4217 code, e.g. `EUR`, `XOF`.
    public let code: String

    public init(code: String) { self.code = code }

    public var description: String { code }

    public static let euro = Currency(code: "EUR")
    public static let cfaFrancWest = Currency(code: "XOF")
    public static let cfaFrancCentral = Currency(code: "XAF")
    public static let usDollar = Currency(code: "USD")
    public static let moroccanDirham = Currency(code: "MAD")
    public static let poundSterling = Currency(code: "GBP")

    /// Units of this currency per euro where the rate is fixed by treaty, so a cap in euros can be
    /// checked without market rates: the CFA francs (655.957, since 1999), the Cape Verde escudo
    /// (110.265), the Comorian franc (491.96775) and the Bosnian mark (1.95583).
    public var fixedUnitsPerEuro: Double? {
        switch code {
        case "EUR": 1
        case "XOF", "XAF": 655.957
        case "CVE": 110.265
        case "KMF": 491.96775
        case "BAM": 1.95583
        default: nil
        }
    }

    /// Every way of writing a currency that the scanner knows, folded by ``TextFolding`` except
    /// symbols, longest first so that `F CFA` wins over `CFA`. Symbols: `€ $ £ ₦ ₵`. Two-letter words
    /// that are also common words (`da`, `dt`) are left out on purpose: `fase 1 da proposta`.
    static let spellings: [(text: String, currency: Currency)] = {
        let table: [(String, String)] = [
            ("€", "EUR"), ("eur", "EUR"), ("euro", "EUR"), ("euros", "EUR"),
            ("us$", "USD"), ("usd", "USD"), ("$", "USD"), ("dollars", "USD"), ("dollar", "USD"), ("us dollars", "USD"),
            ("dolares", "USD"),
            ("£", "GBP"), ("gbp", "GBP"), ("pounds", "GBP"), ("pound sterling", "GBP"), ("livres sterling", "GBP"),
            ("xof", "XOF"), ("fcfa", "XOF"), ("f cfa", "XOF"), ("cfa", "XOF"), ("francs cfa", "XOF"), ("franc cfa", "XOF"),
            ("xaf", "XAF"),
            ("mad", "MAD"), ("dh", "MAD"), ("dhs", "MAD"), ("dirhams", "MAD"), ("dirham", "MAD"),
            ("chf", "CHF"), ("cad", "CAD"), ("brl", "BRL"), ("r$", "BRL"), ("reais", "BRL"),
            ("cve", "CVE"), ("escudos", "CVE"), ("aoa", "AOA"), ("kwanzas", "AOA"),
            ("mzn", "MZN"), ("meticais", "MZN"), ("ngn", "NGN"), ("₦", "NGN"), ("naira", "NGN"),
            ("ghs", "GHS"), ("₵", "GHS"), ("cedis", "GHS"), ("kes", "KES"), ("tnd", "TND"),
            ("dzd", "DZD"), ("gnf", "GNF"), ("xpf", "XPF"), ("zar", "ZAR"),
            ("rand", "ZAR"), ("kmf", "KMF"), ("bam", "BAM"),
        ]
        return table.map { ($0.0, Currency(code: $0.1)) }.sorted { $0.text.count > $1.text.count }
    }()
}
