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

    private enum VATMark { case excluded, included, none }

    private struct TotalCandidate {
        var amount: ScannedAmount
        var vat: VATMark
        var subtotal: Bool
        var line: Int
    }

    public func extract(from text: String, cap: Money?) -> FinancialFigures {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }).prefix(20_000)
        let documentCurrency = Self.mostUsedCurrency(lines)
        var rates: [(ScannedAmount, Int)] = []
        var days: [(Double, Int, String)] = []
        var totals: [TotalCandidate] = []
        var vatAmounts: [ScannedAmount] = []
        var rowTotals: [ScannedAmount] = []
        var columns: [Int: Role] = [:]
        var tableSeparator: Character?

        for (lineNumber, rawLine) in lines.enumerated() {
            guard rawLine.count <= 2000 else { continue }
            let line = Substring(rawLine)
            let folded = " " + TextFolding.fold(line) + " "
            let separator: Character? = line.contains("\t") ? "\t" : (line.contains("|") ? "|" : nil)
            let cells = separator.map { line.split(separator: $0, omittingEmptySubsequences: false) } ?? [line]

            // A table header: labels in two or more cells.
            if cells.count >= 2 {
                var header: [Int: Role] = [:]
                for (index, cell) in cells.enumerated() {
                    if let role = Self.role(ofLabel: " " + TextFolding.fold(cell) + " "), AmountScanner.scan(cell).filter({ !$0.looksLikeYear }).isEmpty {
                        header[index] = role
                    }
                }
                if header.count >= 2 {
                    columns = header
                    tableSeparator = separator
                    continue
                }
            }
            if separator == nil || separator != tableSeparator { if cells.count < 2 { columns = [:] } }
            let lineIsTotal = Self.contains(folded, Self.totalLabels) && !Self.contains(folded, Self.subtotalLabels)
            let lineIsSubtotal = Self.contains(folded, Self.subtotalLabels)
            let lineIsRate = Self.contains(folded, Self.rateLabels)
            let lineIsDays = Self.contains(folded, Self.daysLabels)
            let lineIsVAT = Self.contains(folded, Self.vatLabels) && !lineIsTotal
            let lineVAT = Self.vatMark(folded)

            // Table rows: cells under labelled columns.
            if !columns.isEmpty, cells.count >= 2 {
                let rowIsTotal = Self.contains(" " + TextFolding.fold(cells[0]) + " ", Self.totalLabels)
                for (index, cell) in cells.enumerated() {
                    guard let role = columns[index] else { continue }
                    guard let amount = AmountScanner.scan(cell).first(where: { !$0.looksLikeYear }) else { continue }
                    let withCurrency = Self.withCurrency(amount, documentCurrency)
                    switch role {
                    case .rate where !rowIsTotal: rates.append((withCurrency, lineNumber))
                    case .days where !rowIsTotal: days.append((Double(amount.hundredths) / 100, lineNumber, "column \"days\""))
                    case .total, .rate, .days:
                        if rowIsTotal || lineIsTotal {
                            totals.append(TotalCandidate(amount: withCurrency, vat: lineVAT, subtotal: lineIsSubtotal, line: lineNumber))
                        } else if role == .total {
                            rowTotals.append(withCurrency)
                        }
                    }
                }
                continue
            }

            let scalars = Array(line.unicodeScalars)
            let amounts = AmountScanner.scan(scalars: scalars)
            let withCurrencyCount = amounts.filter { $0.currency != nil }.count
            var sawRateOnLine = false
            for (position, amount) in amounts.enumerated() {
                if amount.looksLikeYear { continue }
                let after = " " + TextFolding.fold(String(String.UnicodeScalarView(scalars[amount.range.upperBound..<min(scalars.count, amount.range.upperBound + 40)]))) + " "
                let rawAfter = String(String.UnicodeScalarView(scalars[amount.range.upperBound..<min(scalars.count, amount.range.upperBound + 4)]))
                let before = Self.foldedBefore(scalars, amount, previous: position > 0 ? amounts[position - 1] : nil)
                let daysFollow = amount.currency == nil && Self.startsWith(after, Self.daysSuffixes)
                if amount.currency != nil || (!daysFollow && documentCurrency != nil && (lineIsRate || lineIsTotal) && amount.units >= 10) {
                    let money = Self.withCurrency(amount, documentCurrency)
                    let perDay = Self.startsWith(after, Self.perDaySuffixes)
                    let times = Self.startsWith(after, [" x "]) || rawAfter.contains("×") || rawAfter.trimmingWhitespace().hasPrefix("*")
                    let afterEquals = before.hasSuffix(" = ") || before.contains(" = ")
                    if perDay || times || (lineIsRate && !lineIsTotal && !sawRateOnLine && !afterEquals) {
                        rates.append((money, lineNumber))
                        sawRateOnLine = true
                    } else if lineIsTotal || lineIsSubtotal {
                        var mark = Self.vatMark(" " + after.prefix(14) + " ")
                        if mark == .none { mark = Self.vatMark(before.suffix(20) + " ") }
                        if mark == .none, withCurrencyCount <= 1 { mark = lineVAT }
                        totals.append(TotalCandidate(amount: money, vat: mark, subtotal: lineIsSubtotal, line: lineNumber))
                    } else if lineIsVAT {
                        vatAmounts.append(money)
                    } else if afterEquals || sawRateOnLine {
                        rowTotals.append(money)
                    }
                    continue
                }
                // A bare number: days?
                guard !amount.hasFraction || amount.hundredths % 50 == 0, amount.units > 0, amount.units <= 2000 else { continue }
                let suffix = daysFollow
                let delay = Self.contains(before.suffix(40) + " ", Self.delayWords)
                if delay { continue }
                if suffix || (lineIsDays && !lineIsRate && amounts.count == 1) {
                    days.append((Double(amount.hundredths) / 100, lineNumber, suffix ? "\"\(String(after.prefix(16)).trimmingWhitespace())\"" : "labelled line"))
                }
            }
        }
        return choose(rates: rates, days: days, totals: totals, vatAmounts: vatAmounts, rowTotals: rowTotals,
                      documentCurrency: documentCurrency, cap: cap)
    }

    private func choose(rates: [(ScannedAmount, Int)], days: [(Double, Int, String)], totals: [TotalCandidate],
                        vatAmounts: [ScannedAmount], rowTotals: [ScannedAmount], documentCurrency: Currency?, cap: Money?) -> FinancialFigures {
        var figures = FinancialFigures()
        if let (rate, line) = rates.first, let money = rate.money {
            figures.dailyRate = money
            let distinct = Set(rates.compactMap(\.0.money))
            figures.reasons.append("daily rate \(money) (line \(line + 1))" + (distinct.count > 1 ? "; \(distinct.count) different rates, the first is shown" : ""))
        }
        // Days on the rate's line first, then a single labelled count, else the sum of a team's rows.
        if let rateLine = rates.first?.1, let sameLine = days.first(where: { $0.1 == rateLine }) {
            figures.days = sameLine.0
            figures.reasons.append("\(Self.format(sameLine.0)) days next to the rate (\(sameLine.2))")
        } else if rates.count >= 2, days.count == rates.count {
            let sum = days.reduce(0) { $0 + $1.0 }
            figures.days = sum
            figures.reasons.append("\(Self.format(sum)) days: the sum of \(days.count) rows")
        } else if let first = days.first {
            figures.days = first.0
            figures.reasons.append("\(Self.format(first.0)) days (line \(first.1 + 1), \(first.2))")
        }
        let valued = totals.filter { $0.amount.money != nil }
        func largest(_ list: [TotalCandidate]) -> TotalCandidate? { list.max { $0.amount.hundredths < $1.amount.hundredths } }
        if let excluded = largest(valued.filter { $0.vat == .excluded && !$0.subtotal }) ?? largest(valued.filter { $0.vat == .excluded }) {
            figures.total = excluded.amount.money
            figures.reasons.append("total before VAT \(excluded.amount.money.map(\.description) ?? "") (line \(excluded.line + 1))")
        } else if let plain = largest(valued.filter { $0.vat == .none && !$0.subtotal }) {
            figures.total = plain.amount.money
            figures.reasons.append("total \(plain.amount.money.map(\.description) ?? "") (line \(plain.line + 1))")
        } else if let included = largest(valued.filter { $0.vat == .included }), let gross = included.amount.money {
            if let vat = vatAmounts.compactMap(\.money).first(where: { $0.currency == gross.currency && $0.hundredths < gross.hundredths }) {
                figures.total = Money(hundredths: gross.hundredths - vat.hundredths, currency: gross.currency)
                figures.reasons.append("total before VAT \(figures.total.map(\.description) ?? ""): \(gross) including VAT minus VAT \(vat)")
            } else {
                figures.total = gross
                figures.totalIncludesVAT = true
                figures.reasons.append("only a total including VAT was found: \(gross) (line \(included.line + 1))")
            }
        } else if let subtotal = largest(valued) {
            figures.total = subtotal.amount.money
            figures.reasons.append("subtotal \(subtotal.amount.money.map(\.description) ?? "") (line \(subtotal.line + 1))")
        } else if let rate = figures.dailyRate, let count = figures.days, rates.count == 1 {
            let product = (Double(rate.hundredths) * count).rounded()
            if product.isFinite, product < 9e15 {
                figures.total = Money(hundredths: Int(product), currency: rate.currency)
                figures.reasons.append("no total written: rate × days = \(figures.total.map(\.description) ?? "")")
            }
        } else if !rowTotals.isEmpty {
            let currencies = Set(rowTotals.compactMap(\.currency))
            if currencies.count == 1, let currency = currencies.first {
                let sum = rowTotals.reduce(0) { $0 &+ $1.hundredths }
                figures.total = Money(hundredths: sum, currency: currency)
                figures.reasons.append("no total written: the sum of \(rowTotals.count) row totals")
            }
        }
        figures.currency = figures.total?.currency ?? figures.dailyRate?.currency ?? documentCurrency
        if let total = figures.total, let cap {
            figures.overCap = total.exceeds(cap)
            switch figures.overCap {
            case true?: figures.reasons.append("above the cap of \(cap)")
            case false?: figures.reasons.append("within the cap of \(cap)")
            case nil: figures.reasons.append("\(total.currency) cannot be compared with the cap in \(cap.currency) at a fixed rate")
            }
        }
        return figures
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
    private static func mostUsedCurrency(_ lines: some Sequence<Substring>) -> Currency? {
        var counts: [Currency: Int] = [:]
        for line in lines where line.count <= 2000 {
            for amount in AmountScanner.scan(line) { if let currency = amount.currency { counts[currency, default: 0] += 2 } }
            for token in TextFolding.fold(line).split(separator: " ") where ["eur", "euros", "fcfa", "xof", "usd", "mad", "gbp", "dirhams", "cfa"].contains(token) {
                if let found = AmountScanner.readCurrency(Array(token.unicodeScalars), from: 0) { counts[found.currency, default: 0] += 1 }
            }
            if line.contains("€") { counts[.euro, default: 0] += 1 }
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key.code > $1.key.code }?.key
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
