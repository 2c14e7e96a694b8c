/// An amount of money in hundredths of a unit (cents, centimes), so that sums and comparisons
/// are exact; `Double` is only used to convert between currencies at a fixed rate.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    /// The amount in hundredths: 25000 EUR is 2,500,000.
    public var hundredths: Int
    public var currency: Currency

    public init(hundredths: Int, currency: Currency) {
        self.hundredths = hundredths
        self.currency = currency
    }

    public init(units: Int, currency: Currency) {
        self.hundredths = units.multipliedReportingOverflow(by: 100).overflow ? Int.max : units &* 100
        self.currency = currency
    }

    /// Reads a cap as written in config: `"25000 EUR"`, `"25 000 €"`, `"EUR 25,000.00"`; nil when it
    /// holds no amount or no currency.
    public init?(parsing text: String) {
        let amounts = AmountScanner.scan(text)
        guard let first = amounts.first, let currency = first.currency else { return nil }
        self.init(hundredths: first.hundredths, currency: currency)
    }

    /// The amount as a decimal string without grouping: `25000`, `450.50`.
    public var decimalString: String {
        let units = hundredths / 100
        let cents = abs(hundredths % 100)
        if cents == 0 { return String(units) }
        return "\(units).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// The amount in units, for JSON.
    public var units: Double { Double(hundredths) / 100 }

    public var description: String { "\(decimalString) \(currency.code)" }

    /// This amount in `target`, when both currencies have a fixed rate to the euro; nil otherwise.
    public func converted(to target: Currency) -> Money? {
        if target == currency { return self }
        guard let from = currency.fixedUnitsPerEuro, let to = target.fixedUnitsPerEuro else { return nil }
        let value = (Double(hundredths) / from * to).rounded()
        guard value.isFinite, abs(value) < 9.0e15 else { return nil }
        return Money(hundredths: Int(value), currency: target)
    }

    /// Whether this amount is above `cap`: nil when the currencies cannot be compared without a market rate.
    public func exceeds(_ cap: Money) -> Bool? {
        guard let comparable = converted(to: cap.currency) else { return nil }
        return comparable.hundredths > cap.hundredths
    }
}
