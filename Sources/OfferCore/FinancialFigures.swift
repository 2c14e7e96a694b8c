/// The figures of a financial offer: what the committee checks against the call's cap.
public struct FinancialFigures: Sendable, Hashable {
    public var dailyRate: Money?
    /// Number of working days (person-days), possibly fractional (`12,5 jours`).
    public var days: Double?
    /// The total before VAT when the offer gives it (see ``totalIncludesVAT``).
    public var total: Money?
    /// True when only a VAT-inclusive total could be found (no amount before VAT, no VAT amount to subtract).
    public var totalIncludesVAT: Bool
    public var currency: Currency?
    /// Whether ``total`` is above the cap: nil without a total, or when its currency cannot be
    /// compared with the cap's at a fixed rate.
    public var overCap: Bool?
    /// How each figure was found, for the committee.
    public var reasons: [String]

    public init(dailyRate: Money? = nil, days: Double? = nil, total: Money? = nil, totalIncludesVAT: Bool = false,
                currency: Currency? = nil, overCap: Bool? = nil, reasons: [String] = []) {
        self.dailyRate = dailyRate
        self.days = days
        self.total = total
        self.totalIncludesVAT = totalIncludesVAT
        self.currency = currency
        self.overCap = overCap
        self.reasons = reasons
    }

    public var isEmpty: Bool { dailyRate == nil && days == nil && total == nil }
}
