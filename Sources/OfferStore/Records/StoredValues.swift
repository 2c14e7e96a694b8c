public import GRDB
public import OfferCore
import Foundation

// The domain's enums are stored as their raw values (the text the schema's CHECKs list, or the
// integer of a sender check): a row that holds anything else fails to decode, loudly.
extension OfferStatus: DatabaseValueConvertible {}
extension MessageCategory: DatabaseValueConvertible {}
extension DocumentKind: DatabaseValueConvertible {}
extension OfferEventKind: DatabaseValueConvertible {}
extension ReplyKind: DatabaseValueConvertible {}
extension ReviewKind: DatabaseValueConvertible {}
extension ReviewDecision: DatabaseValueConvertible {}
extension SenderAuthentication: DatabaseValueConvertible {}

/// How records write their JSON columns: keys sorted and slashes left as they are, as the rows
/// written before typed records were.
enum StoredJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A financial offer's figures as the register keeps them (`document.financial`): the contract's
/// `financial` object, every key present (null when not found).
public struct StoredFigures: Codable, Sendable, Hashable {
    public var dailyRate: Double?
    public var days: Double?
    public var total: Double?
    public var currency: String?
    public var overCap: Bool?

    public init(dailyRate: Double?, days: Double?, total: Double?, currency: String?, overCap: Bool?) {
        self.dailyRate = dailyRate
        self.days = days
        self.total = total
        self.currency = currency
        self.overCap = overCap
    }

    public init(_ figures: FinancialFigures) {
        self.init(dailyRate: figures.dailyRate?.units, days: figures.days, total: figures.total?.units,
                  currency: figures.currency?.code, overCap: figures.overCap)
    }

    enum CodingKeys: String, CodingKey {
        case dailyRate = "daily_rate", days, total, currency, overCap = "over_cap"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dailyRate, forKey: .dailyRate)
        try container.encode(days, forKey: .days)
        try container.encode(total, forKey: .total)
        try container.encode(currency, forKey: .currency)
        try container.encode(overCap, forKey: .overCap)
    }

    /// The JSON object as stored and as `show` prints it.
    public var json: String {
        (try? StoredJSON.encoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
