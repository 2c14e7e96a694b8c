import TextBasics

/// Reads the daily rate, the number of days and the total of a financial offer, and checks the
/// total before VAT against the call's cap.
///
/// Line by line: an amount followed by `/day`, `par jour`, `por dia`, `x N days`, or on a line
/// labelled `daily rate`, `taux journalier`, `taxa diária`, is a rate; a number followed by
/// `days`, `jours`, `dias`, `j/h`, `person-days`, or on a line labelled `number of days`, is a
/// number of days (not when it is a delay: `payment within 30 days`); an amount on a line labelled
/// `total`, `montant total`, `valor total` is a total, marked before VAT (`HT`, `excl. VAT`,
/// `sem IVA`) or after (`TTC`, `incl. VAT`, `com IVA`) by the words next to it. Tables (cells split
/// by tabs or `|`, as the spreadsheet and word-processor readers write them) carry their header's
/// labels down their columns. The total chosen is, in order: the largest total before VAT, the
/// largest plain total, a VAT-inclusive total minus the VAT amount, the VAT-inclusive total
/// itself (flagged), rate × days. Amounts without a currency take the currency the document uses most.
public struct FinancialFigureExtractor: Sendable {
    public init() {}

    enum VATMark { case excluded, included, none }

    struct TotalCandidate {
        var amount: ScannedAmount
        var vat: VATMark
        var subtotal: Bool
        var line: Int
    }

    public func extract(from text: String, cap: Money?) -> FinancialFigures {
        let lines = Self.lines(of: text, atMost: 20_000)
        // Each line folded once, for the currency count and for its labels (nil: too long to read).
        let foldedLines = lines.map { Self.atMost2000Characters($0) ? TextFolding.fold($0) : nil }
        let documentCurrency = Self.mostUsedCurrency(zip(lines, foldedLines))
        var found = FinancialFigureCandidates()
        var columns: [Int: Role] = [:]
        var tableSeparator: Character?

        for (lineNumber, (line, foldedLine)) in zip(lines, foldedLines).enumerated() {
            guard let foldedLine else { continue }
            let folded = " " + foldedLine + " "
            // A tab is always a character of its own; a `|` may carry a combining mark, so the
            // byte only says where to look.
            let separator: Character? = line.utf8.contains(0x09) ? "\t" : (line.utf8.contains(0x7C) && line.contains("|") ? "|" : nil)
            let cells = separator.map { line.split(separator: $0, omittingEmptySubsequences: false) } ?? [line]

            if cells.count >= 2, let header = Self.tableHeader(cells) {
                columns = header
                tableSeparator = separator
                continue
            }
            if separator == nil || separator != tableSeparator { if cells.count < 2 { columns = [:] } }
            let labels = LineLabels(folded)
            let place = LinePlace(number: lineNumber, documentCurrency: documentCurrency)

            // Table rows: cells under labelled columns.
            if !columns.isEmpty, cells.count >= 2 {
                Self.readRow(cells, columns: columns, labels: labels, at: place, into: &found)
                continue
            }
            Self.readText(line, labels: labels, at: place, into: &found)
        }
        return found.figures(documentCurrency: documentCurrency, cap: cap)
    }

    /// What the words of a line (folded) say its amounts are.
    private struct LineLabels {
        let isTotal: Bool
        let isSubtotal: Bool
        let isRate: Bool
        let isDays: Bool
        let isVAT: Bool
        /// Before or after VAT, by the words anywhere on the line.
        let vat: VATMark

        init(_ folded: String) {
            isTotal = FinancialFigureExtractor.contains(folded, totalLabels) && !FinancialFigureExtractor.contains(folded, subtotalLabels)
            isSubtotal = FinancialFigureExtractor.contains(folded, subtotalLabels)
            isRate = FinancialFigureExtractor.contains(folded, rateLabels)
            isDays = FinancialFigureExtractor.contains(folded, daysLabels)
            isVAT = FinancialFigureExtractor.contains(folded, vatLabels) && !isTotal
            vat = FinancialFigureExtractor.vatMark(folded)
        }
    }

    /// The line an amount is on, and the currency of amounts written without one.
    private struct LinePlace {
        let number: Int
        let documentCurrency: Currency?
    }

    /// A table header: labels in two or more cells (none of them an amount), by column.
    private static func tableHeader(_ cells: [Substring]) -> [Int: Role]? {
        var header: [Int: Role] = [:]
        for (index, cell) in cells.enumerated() {
            if let role = role(ofLabel: " " + TextFolding.fold(cell) + " "), AmountScanner.scan(cell).filter({ !$0.looksLikeYear }).isEmpty {
                header[index] = role
            }
        }
        return header.count >= 2 ? header : nil
    }

    /// A table row: the first amount of each cell under a labelled column, read as its label says.
    private static func readRow(_ cells: [Substring], columns: [Int: Role], labels: LineLabels, at place: LinePlace,
                                into found: inout FinancialFigureCandidates) {
        let rowIsTotal = contains(" " + TextFolding.fold(cells[0]) + " ", totalLabels)
        for (index, cell) in cells.enumerated() {
            guard let role = columns[index] else { continue }
            guard let amount = AmountScanner.scan(cell).first(where: { !$0.looksLikeYear }) else { continue }
            let withCurrency = Self.withCurrency(amount, place.documentCurrency)
            switch role {
            case .rate where !rowIsTotal: found.rates.append((withCurrency, place.number))
            case .days where !rowIsTotal: found.days.append((Double(amount.hundredths) / 100, place.number, "column \"days\""))
            case .total, .rate, .days:
                if rowIsTotal || labels.isTotal {
                    found.totals.append(TotalCandidate(amount: withCurrency, vat: labels.vat, subtotal: labels.isSubtotal, line: place.number))
                } else if role == .total {
                    found.rowTotals.append(withCurrency)
                }
            }
        }
    }

    /// The words around one amount of a line of running text (folded, padded with spaces).
    private struct AmountContext {
        /// Up to 40 characters after the amount.
        let after: String
        /// The 4 characters after the amount, as written (`×`, `*`).
        let rawAfter: String
        /// Since the previous amount, at most 60 characters, with ` = ` when there is an `=`.
        let before: String

        init(_ scalars: [Unicode.Scalar], _ amount: ScannedAmount, previous: ScannedAmount?) {
            after = " " + TextFolding.fold(String(String.UnicodeScalarView(scalars[amount.range.upperBound..<min(scalars.count, amount.range.upperBound + 40)]))) + " "
            rawAfter = String(String.UnicodeScalarView(scalars[amount.range.upperBound..<min(scalars.count, amount.range.upperBound + 4)]))
            before = FinancialFigureExtractor.foldedBefore(scalars, amount, previous: previous)
        }
    }

    /// A line of running text: each amount with a currency (or on a rate or total line of a
    /// document with a currency) is money; a bare number may be days.
    private static func readText(_ line: Substring, labels: LineLabels, at place: LinePlace, into found: inout FinancialFigureCandidates) {
        let scalars = Array(line.unicodeScalars)
        let amounts = AmountScanner.scan(scalars: scalars)
        let withCurrencyCount = amounts.filter { $0.currency != nil }.count
        var sawRateOnLine = false
        for (position, amount) in amounts.enumerated() {
            if amount.looksLikeYear { continue }
            let context = AmountContext(scalars, amount, previous: position > 0 ? amounts[position - 1] : nil)
            let daysFollow = amount.currency == nil && startsWith(context.after, daysSuffixes)
            if amount.currency != nil
                || (!daysFollow && place.documentCurrency != nil && (labels.isRate || labels.isTotal) && amount.units >= 10) {
                readMoney(withCurrency(amount, place.documentCurrency), context, labels: labels, withCurrencyCount: withCurrencyCount,
                          at: place, sawRateOnLine: &sawRateOnLine, into: &found)
                continue
            }
            readDays(amount, context, daysFollow: daysFollow, labels: labels, amountCount: amounts.count, at: place, into: &found)
        }
    }

    /// An amount of money in running text: a rate (`/day`, `x N`, or the first on a rate line), a
    /// total (its VAT mark from the words next to it, else the line's), a VAT amount, or a row's total.
    private static func readMoney(_ money: ScannedAmount, _ context: AmountContext, labels: LineLabels, withCurrencyCount: Int,
                                  at place: LinePlace, sawRateOnLine: inout Bool, into found: inout FinancialFigureCandidates) {
        let (after, before) = (context.after, context.before)
        let perDay = startsWith(after, perDaySuffixes)
        let times = startsWith(after, [" x "]) || context.rawAfter.contains("×") || context.rawAfter.trimmingWhitespace().hasPrefix("*")
        let afterEquals = before.hasSuffix(" = ") || before.contains(" = ")
        if perDay || times || (labels.isRate && !labels.isTotal && !sawRateOnLine && !afterEquals) {
            found.rates.append((money, place.number))
            sawRateOnLine = true
        } else if labels.isTotal || labels.isSubtotal {
            var mark = vatMark(" " + after.prefix(14) + " ")
            if mark == .none { mark = vatMark(before.suffix(20) + " ") }
            if mark == .none, withCurrencyCount <= 1 { mark = labels.vat }
            found.totals.append(TotalCandidate(amount: money, vat: mark, subtotal: labels.isSubtotal, line: place.number))
        } else if labels.isVAT {
            found.vatAmounts.append(money)
        } else if afterEquals || sawRateOnLine {
            found.rowTotals.append(money)
        }
    }

    /// A bare number in running text: days when `days` (or the like) follows it, or when it is the
    /// only number of a line labelled as a number of days; never when it is a delay.
    private static func readDays(_ amount: ScannedAmount, _ context: AmountContext, daysFollow: Bool, labels: LineLabels,
                                 amountCount: Int, at place: LinePlace, into found: inout FinancialFigureCandidates) {
        guard !amount.hasFraction || amount.hundredths % 50 == 0, amount.units > 0, amount.units <= 2000 else { return }
        let suffix = daysFollow
        let delay = contains(context.before.suffix(40) + " ", delayWords)
        if delay { return }
        if suffix || (labels.isDays && !labels.isRate && amountCount == 1) {
            let reason = suffix ? "\"\(String(context.after.prefix(16)).trimmingWhitespace())\"" : "labelled line"
            found.days.append((Double(amount.hundredths) / 100, place.number, reason))
        }
    }

    // MARK: - Vocabulary (folded, padded with spaces so that matches fall on word boundaries)

    private enum Role { case rate, days, total }

    private static func role(ofLabel folded: String) -> Role? {
        if contains(folded, rateLabels) { return .rate }
        if contains(folded, daysLabels + [" days ", " jours ", " dias ", " nb jours ", " qty ", " quantity ", " quantite ", " quantidade "]) { return .days }
        if contains(folded, totalLabels + [" amount ", " montant ", " valor ", " montante ", " cost ", " cout ", " custo "]) { return .total }
        return nil
    }

    static let rateLabels = [
        " daily rate ", " day rate ", " daily fee ", " fee per day ", " rate per day ", " taux journalier ",
        " tarif journalier ", " prix journalier ", " honoraires journaliers ", " cout journalier ", " taxa diaria ",
        " valor diario ", " preco por dia ", " custo diario ", " diaria ", " unit price ", " prix unitaire ",
        " cout unitaire ", " custo unitario ", " preco unitario ", " valor unitario ", " tarif jour ", " prix par jour ",
        " cout par jour ", " rate ", " taux ", " tarif ", " daily ", " journalier ", " unit cost ",
    ]
    static let daysLabels = [
        " number of days ", " no of days ", " nombre de jours ", " nb de jours ", " nbre de jours ", " numero de dias ",
        " n de dias ", " working days ", " person days ", " man days ", " jours homme ", " homme jours ", " h j ",
        " j h ", " duration ", " duree ", " duracao ", " level of effort ", " days ", " jours ", " dias ",
    ]
    static let totalLabels = [
        " total ", " grand total ", " montant total ", " total general ", " total global ", " valor total ",
        " montante total ", " total geral ", " montant global ", " prix total ", " cout total ", " custo total ",
        " total amount ", " total cost ", " total price ", " total fee ", " total budget ", " budget total ",
        " orcamento total ", " lump sum ", " forfait global ", " somme totale ", " soma ", " totais ",
    ]
    static let subtotalLabels = [" subtotal ", " sub total ", " sous total ", " total partiel ", " total parcial ", " subtotais "]
    static let vatLabels = [" vat ", " tva ", " iva ", " tax ", " taxes ", " impostos ", " imposto "]
    static let excludedMarks = [
        " ht ", " hors taxes ", " hors taxe ", " hors tva ", " excl ", " excluding ", " exclusive ", " before vat ",
        " before tax ", " net of vat ", " without vat ", " sem iva ", " s iva ", " antes de iva ", " exc vat ",
        " pre tax ", " vat excluded ", " vat exclusive ", " iva excluido ", " excluindo iva ", " net ", " sans tva ",
    ]
    static let includedMarks = [
        " ttc ", " toutes taxes ", " incl ", " including vat ", " inclusive ", " vat included ", " com iva ", " c iva ",
        " iva incluido ", " incluindo iva ", " gross ", " tax included ", " with vat ", " tva comprise ", " tva incluse ",
    ]
    static let perDaySuffixes = [
        " day ", " jour ", " j ", " dia ", " per day ", " par jour ", " por dia ", " a day ", " per working day ",
        " par jour ouvre ", " per person day ", " par homme jour ", " homme jour ", " hj ", " pd ", " jour homme ",
        " per diem ", " each day ", " por dia de trabalho ", " d ",
    ]
    static let daysSuffixes = [
        " days ", " day ", " jours ", " jour ", " j ", " dias ", " dia ", " working days ", " person days ",
        " man days ", " jours homme ", " homme jours ", " hj ", " h j ", " jh ", " j h ", " pd ", " md ",
        " person day ", " jours ouvrables ", " dias uteis ", " dias de trabalho ", " days of work ",
    ]
    static let delayWords = [
        " within ", " dans un delai ", " delai ", " sous ", " validity ", " valid ", " validite ", " valable ",
        " prazo ", " payment ", " paiement ", " pagamento ", " invoice ", " facture ", " fatura ", " after ",
        " apres ", " apos ", " notice ", " preavis ", " em ",
    ]

    private static let currencyWords: Set<Substring> = ["eur", "euros", "fcfa", "xof", "usd", "mad", "gbp", "dirhams", "cfa"]

    private static func containsEuroSign(_ bytes: Substring.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if previous == (0xE2, 0x82) && byte == 0xAC { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// `line.count <= 2000`, walking the characters only of lines over 2000 UTF-8 bytes.
    private static func atMost2000Characters(_ line: Substring) -> Bool {
        line.utf8.count <= 2000 || line.count <= 2000
    }

    /// The non-empty lines of `text`, split where a character is a line feed, a carriage return or
    /// a form feed, as `split(whereSeparator:)` over characters splits them, found in the bytes:
    /// these are characters of their own, except CR LF, which is one character and so no separator.
    /// At most `limit` of them: the applicant decides how many there are.
    static func lines(of text: String, atMost limit: Int = .max) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        var previous: UInt8 = 0
        while index != utf8.endIndex, lines.count < limit {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            let separates: Bool
            switch byte {
            case 0x0A: separates = previous != 0x0D
            case 0x0D: separates = next == utf8.endIndex || utf8[next] != 0x0A
            case 0x0C: separates = true
            default: separates = false
            }
            if separates {
                if start != index { lines.append(text[start..<index]) }
                start = next
            }
            previous = byte
            index = next
        }
        if start != utf8.endIndex, lines.count < limit { lines.append(text[start..<utf8.endIndex]) }
        return lines
    }

    /// Compared as UTF-8 bytes: the folded lines and the phrases are plain text, and the standard
    /// library's `String.contains(String)` builds a search table per call, which made the 20,000
    /// lines of a hostile 40 MB DOCX cost 20 s here (issue 8).
    private static func contains(_ folded: String, _ phrases: [String]) -> Bool {
        var folded = folded
        return folded.withUTF8 { text in
            phrases.contains { phrase in
                var phrase = phrase
                return phrase.withUTF8 { needle in Self.bytes(text, contain: needle) }
            }
        }
    }

    private static func bytes(_ text: UnsafeBufferPointer<UInt8>, contain needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard text.count >= needle.count else { return false }
        var start = 0
        let last = text.count - needle.count
        while start <= last {
            if text[start] == first {
                var k = 1
                while k < needle.count, text[start + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    private static func startsWith(_ folded: String, _ phrases: [String]) -> Bool {
        phrases.contains { folded.hasPrefix($0) }
    }

    private static func vatMark(_ folded: String) -> VATMark {
        if contains(folded, excludedMarks) { return .excluded }
        if contains(folded, includedMarks) { return .included }
        return .none
    }

    /// Folded text between the previous amount (or the start of the line) and this one.
    private static func foldedBefore(_ scalars: [Unicode.Scalar], _ amount: ScannedAmount, previous: ScannedAmount?) -> String {
        let start = max(previous?.range.upperBound ?? 0, amount.range.lowerBound - 60)
        guard start < amount.range.lowerBound else { return " " }
        let raw = String(String.UnicodeScalarView(scalars[start..<amount.range.lowerBound]))
        let equals = raw.contains("=") ? " = " : ""
        return " " + TextFolding.fold(raw) + " " + equals
    }

    private static func withCurrency(_ amount: ScannedAmount, _ fallback: Currency?) -> ScannedAmount {
        var copy = amount
        if copy.currency == nil { copy.currency = fallback }
        return copy
    }

    /// The currency written most often next to amounts, or alone (`All amounts in EUR`).
    /// `lines`: each line with its folded form, nil for the lines too long to read.
    private static func mostUsedCurrency(_ lines: some Sequence<(Substring, String?)>) -> Currency? {
        var counts: [Currency: Int] = [:]
        for (line, folded) in lines {
            guard let folded else { continue }
            for amount in AmountScanner.scan(line) { if let currency = amount.currency { counts[currency, default: 0] += 2 } }
            for token in folded.split(separator: " ") where currencyWords.contains(token) {
                if let found = AmountScanner.readCurrency(Array(token.unicodeScalars), from: 0) { counts[found.currency, default: 0] += 1 }
            }
            // The bytes of `€` first: the character test (which walks the line) only where they are.
            if line.utf8.count >= 3, containsEuroSign(line.utf8), line.contains("€") { counts[.euro, default: 0] += 1 }
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key.code > $1.key.code }?.key
    }
}
