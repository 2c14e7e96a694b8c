import OfferCore
import Testing

@Suite("Figures of a financial offer and the cap")
struct FinancialFigureTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var rate: Int?
        var days: Double?
        var total: Int?
        var currency: String?
        var overCap: Bool?
        var description: String { text.split(separator: "\n").first.map(String.init) ?? "" }
    }

    @Test("reads rate, days, total and checks the cap", arguments: [
        Case(text: "Daily rate: EUR 450 per day\nNumber of days: 40\nTotal excluding VAT: EUR 18,000.00\nVAT: EUR 3,600.00\nTotal including VAT: EUR 21,600.00",
             rate: 450, days: 40, total: 18_000, currency: "EUR", overCap: false),
        Case(text: "Taux journalier : 450 €/jour\n40 jours\nTotal TTC : 31.240 €\nTotal HT : 26.000 €", rate: 450, days: 40, total: 26_000, currency: "EUR", overCap: true),
        Case(text: "Honoraires : 300 000 FCFA par jour x 50 jours\nMontant total HT : 15 000 000 FCFA", rate: 300_000, days: 50, total: 15_000_000, currency: "XOF", overCap: false),
        Case(text: "Taxa diária: 500 € por dia\nNúmero de dias: 45 dias\nValor total (sem IVA): 22.500,00 €", rate: 500, days: 45, total: 22_500, currency: "EUR", overCap: false),
        Case(text: "Rate: $500 per day for 40 working days", rate: 500, days: 40, total: 20_000, currency: "USD", overCap: nil),
        Case(text: "Tarif journalier : 4 500 DH\nDurée : 30 jours\nTotal : 135 000 DH HT", rate: 4_500, days: 30, total: 135_000, currency: "MAD", overCap: nil),
        Case(text: "Expert\tDaily rate (EUR)\tDays\tTotal (EUR)\nTeam leader\t500\t30\t15000\nTotal\t\t\t15000", rate: 500, days: 30, total: 15_000, currency: "EUR", overCap: false),
        Case(text: "Total TTC : 24 000 €\nTVA 20 % : 4 000 €", rate: nil, days: nil, total: 20_000, currency: "EUR", overCap: false),
        Case(text: "Payment within 30 days of invoice.\nDaily rate: 650 EUR\nTotal: 29 250 EUR", rate: 650, days: nil, total: 29_250, currency: "EUR", overCap: true),
    ])
    func figures(_ example: Case) {
        let figures = FinancialFigureExtractor().extract(from: example.text, cap: .astonBudgetCap)
        #expect(figures.dailyRate?.units == example.rate.map(Double.init), "\(figures.reasons)")
        #expect(figures.days == example.days, "\(figures.reasons)")
        #expect(figures.total?.units == example.total.map(Double.init), "\(figures.reasons)")
        #expect(figures.currency?.code == example.currency)
        #expect(figures.overCap == example.overCap)
    }

    @Test("only a VAT-inclusive total is flagged as such")
    func vatInclusiveOnly() {
        let figures = FinancialFigureExtractor().extract(from: "Total TTC : 21 600 €", cap: nil)
        #expect(figures.totalIncludesVAT)
        #expect(figures.total?.units == 21_600)
    }

    @Test("the cap comes from configuration")
    func configuredCap() {
        let cap = Money(parsing: "15000 EUR")
        #expect(FinancialFigureExtractor().extract(from: "Total: 18 000 EUR", cap: cap).overCap == true)
    }
}
