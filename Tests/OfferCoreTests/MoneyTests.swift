import OfferCore
import Testing

@Suite("Money and the budget cap")
struct MoneyTests {
    @Test("the cap is read from config text", arguments: ["25000 EUR", "25 000 €", "EUR 25,000.00", "25.000 EUR"])
    func parsesCap(_ text: String) {
        #expect(Money(parsing: text) == Money(units: 25_000, currency: .euro))
    }

    @Test("a cap without currency is refused")
    func capNeedsCurrency() {
        #expect(Money(parsing: "25000") == nil)
    }

    @Test("CFA francs compare with a euro cap at the fixed parity 655.957")
    func cfaParity() {
        // 25,000 EUR = 16,398,925 XOF.
        #expect(Money(units: 16_398_925, currency: .cfaFrancWest).exceeds(.astonBudgetCap) == false)
        #expect(Money(units: 16_400_000, currency: .cfaFrancWest).exceeds(.astonBudgetCap) == true)
    }

    @Test("dollars cannot be compared with a euro cap without a market rate")
    func noMarketRates() {
        #expect(Money(units: 30_000, currency: .usDollar).exceeds(.astonBudgetCap) == nil)
    }

    @Test("decimal strings keep cents")
    func decimalString() {
        #expect(Money(hundredths: 45_050, currency: .euro).decimalString == "450.50")
        #expect(Money(hundredths: 2_500_000, currency: .euro).decimalString == "25000")
        #expect(Money(hundredths: 45_005, currency: .euro).decimalString == "450.05")
    }
}
