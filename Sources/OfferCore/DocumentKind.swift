/// The documents a call asks for, as named in config (`required_documents`) and in `parse --json`.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    case letterOfIntent = "letter_of_intent"
    case workplan
    case financialOffer = "financial_offer"
    case cv
    case other
}
