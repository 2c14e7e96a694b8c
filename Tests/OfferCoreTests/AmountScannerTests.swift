import OfferCore
import Testing

@Suite("Amounts in English and European number formats")
struct AmountScannerTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var hundredths: Int
        var currency: String?
        var description: String { text }
    }

    @Test("reads the value and currency of", arguments: [
        Case(text: "25.000 €", hundredths: 2_500_000, currency: "EUR"),
        Case(text: "25,000.00 EUR", hundredths: 2_500_000, currency: "EUR"),
        Case(text: "450 €/jour", hundredths: 45_000, currency: "EUR"),
        Case(text: "EUR 450 per day", hundredths: 45_000, currency: "EUR"),
        Case(text: "1 250 000 FCFA", hundredths: 125_000_000, currency: "XOF"),
        Case(text: "1\u{00A0}250\u{00A0}000 F CFA", hundredths: 125_000_000, currency: "XOF"),
        Case(text: "12 500,50 €", hundredths: 1_250_050, currency: "EUR"),
        Case(text: "1.250.000,00 XOF", hundredths: 125_000_000, currency: "XOF"),
        Case(text: "€25,000", hundredths: 2_500_000, currency: "EUR"),
        Case(text: "US$ 1,500.75", hundredths: 150_075, currency: "USD"),
        Case(text: "$3,200", hundredths: 320_000, currency: "USD"),
        Case(text: "2 500 DH", hundredths: 250_000, currency: "MAD"),
        Case(text: "MAD 12,000", hundredths: 1_200_000, currency: "MAD"),
        Case(text: "£18,000", hundredths: 1_800_000, currency: "GBP"),
        Case(text: "25'000 CHF", hundredths: 2_500_000, currency: "CHF"),
        Case(text: "450,5 euros", hundredths: 45_050, currency: "EUR"),
        Case(text: "25 k€", hundredths: 2_500_000, currency: "EUR"),
        Case(text: "25 mil euros", hundredths: 2_500_000, currency: "EUR"),
        Case(text: "1,2 M€", hundredths: 120_000_000, currency: "EUR"),
        Case(text: "18000 EUR", hundredths: 1_800_000, currency: "EUR"),
        Case(text: "12.5 days", hundredths: 1_250, currency: nil),
        Case(text: "40", hundredths: 4_000, currency: nil),
    ])
    func readsAmount(_ example: Case) {
        let amounts = AmountScanner.scan(example.text)
        #expect(amounts.count == 1, "\(amounts)")
        #expect(amounts.first?.hundredths == example.hundredths)
        #expect(amounts.first?.currency?.code == example.currency)
    }

    @Test("a word that merely starts like a currency is not one")
    func wordBoundaries() {
        #expect(AmountScanner.scan("3 Europe").first?.currency == nil)
        #expect(AmountScanner.scan("fase 1 da proposta").first?.currency == nil)
        #expect(AmountScanner.scan("10 DHL parcels").first?.currency == nil)
    }

    @Test("years are told from amounts")
    func years() {
        let amounts = AmountScanner.scan("From 2015 to 2019 we billed 2019 EUR")
        #expect(amounts.map(\.looksLikeYear) == [true, true, false])
    }

    @Test("two numbers separated by a space that is not a thousands group stay apart")
    func spacesOnlyGroupThrees() {
        #expect(AmountScanner.scan("450 40 18 000").map(\.hundredths) == [45_000, 4_000, 1_800_000])
    }

    @Test("ordinals and codes are not amounts")
    func ordinals() {
        #expect(AmountScanner.scan("the 2nd phase, 3D model").isEmpty)
    }

    @Test("absurdly long digit runs do not overflow")
    func longDigits() {
        let amounts = AmountScanner.scan(String(repeating: "9", count: 5000) + " EUR")
        #expect(amounts.allSatisfy { $0.hundredths >= 0 })
    }
}
