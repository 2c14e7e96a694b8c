/// A number found in a line of text, with the currency written next to it (if any).
public struct ScannedAmount: Sendable, Hashable {
    /// The value in hundredths (multipliers such as `k€` or `mil` applied).
    public var hundredths: Int
    public var currency: Currency?
    /// Scalar offsets of the number and its currency in the line.
    public var range: Range<Int>
    /// True when the number has a decimal part (`450,50`).
    public var hasFraction: Bool
    /// True for a bare four-digit number between 1900 and 2099: a year, not an amount.
    public var looksLikeYear: Bool

    public var money: Money? { currency.map { Money(hundredths: hundredths, currency: $0) } }

    /// The value in whole units, rounded down.
    public var units: Int { hundredths / 100 }
}
