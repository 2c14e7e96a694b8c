/// The rates, numbers of days, totals and other amounts ``FinancialFigureExtractor`` found on the
/// lines of a document, in the order met, and the choice among them.
struct FinancialFigureCandidates {
    /// Each rate with its line.
    var rates: [(ScannedAmount, Int)] = []
    /// Each number of days with its line and what made it one.
    var days: [(Double, Int, String)] = []
    var totals: [FinancialFigureExtractor.TotalCandidate] = []
    /// Amounts on VAT lines: taken from a total that includes VAT.
    var vatAmounts: [ScannedAmount] = []
    /// Totals of single rows: summed when the document writes no total.
    var rowTotals: [ScannedAmount] = []

    /// The rate, days and total chosen (as ``FinancialFigureExtractor`` describes), with the
    /// reason for each, and the total held against `cap`.
    func figures(documentCurrency: Currency?, cap: Money?) -> FinancialFigures {
        var figures = FinancialFigures()
        chooseRate(into: &figures)
        chooseDays(into: &figures)
        chooseTotal(into: &figures)
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

    private func chooseRate(into figures: inout FinancialFigures) {
        if let (rate, line) = rates.first, let money = rate.money {
            figures.dailyRate = money
            let distinct = Set(rates.compactMap(\.0.money))
            figures.reasons.append("daily rate \(money) (line \(line + 1))" + (distinct.count > 1 ? "; \(distinct.count) different rates, the first is shown" : ""))
        }
    }

    /// Days on the rate's line first, then a single labelled count, else the sum of a team's rows.
    private func chooseDays(into figures: inout FinancialFigures) {
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
    }

    /// In order: the largest total before VAT, the largest plain total, a total including VAT less
    /// the VAT (or itself, flagged), the largest subtotal, rate × days, the sum of the rows' totals.
    private func chooseTotal(into figures: inout FinancialFigures) {
        let valued = totals.filter { $0.amount.money != nil }
        func largest(_ list: [FinancialFigureExtractor.TotalCandidate]) -> FinancialFigureExtractor.TotalCandidate? {
            list.max { $0.amount.hundredths < $1.amount.hundredths }
        }
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
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
