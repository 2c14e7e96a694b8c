import OfferCore

extension Money {
    /// The ASToN call's cap, 25,000 EUR excluding VAT: the tests' call, never a default of the library.
    static let astonBudgetCap = Money(units: 25_000, currency: .euro)
}
