import Foundation
import OfferCore

/// Small JSON values for the store's JSON columns (defects, reasons, event details, figures).
enum JSONText {
    static func array(_ strings: [String]) -> String { encode(strings) ?? "[]" }

    static func object(_ values: [String: String]) -> String { encode(values) ?? "{}" }

    /// The contract's `financial` object: `daily_rate`, `days`, `total`, `currency`, `over_cap`.
    static func financial(_ figures: FinancialFigures) -> String {
        var object: [String: Any] = [:]
        object["daily_rate"] = figures.dailyRate.map { $0.units } ?? NSNull()
        object["days"] = figures.days ?? NSNull()
        object["total"] = figures.total.map { $0.units } ?? NSNull()
        object["currency"] = figures.currency?.code ?? NSNull()
        object["over_cap"] = figures.overCap ?? NSNull()
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func encode(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
