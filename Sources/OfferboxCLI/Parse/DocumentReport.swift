import OfferCore
import OfferDocuments
import OfferboxService

/// One entry of `documents` in `parse --json`: a file (or the mail body) once per kind it holds.
///
/// Contract keys: `kind`, `filename`, `part`, `sha256`, `archive`; added by issue 3: `language`
/// (`en`, `fr`, `pt`, `ar`, `other`, or null without text), `confidence`, `reasons`, `has_text`, and
/// for a financial offer `financial` {`daily_rate`, `days`, `total`, `currency`, `over_cap`}.
struct DocumentReport {
    var kind: String
    var filename: String?
    var part: String
    var sha256: String
    var archive: String?
    var language: String?
    var confidence: Double
    var reasons: [String]
    var hasText: Bool
    var financial: FinancialFigures?

    static func reports(for analysis: MessageDocuments, sha256: (AnalyzedDocument) -> String) -> [DocumentReport] {
        var reports: [DocumentReport] = []
        for document in analysis.documents {
            let digest = sha256(document)
            for decision in document.decisions {
                reports.append(DocumentReport(
                    kind: decision.kind.rawValue, filename: document.filename, part: document.partPath, sha256: digest,
                    archive: document.archive, language: document.language?.language.rawValue, confidence: decision.confidence,
                    reasons: decision.reasons + (document.language.map { ["language: " + $0.reason] } ?? []),
                    hasText: document.hasText, financial: decision.kind == .financialOffer ? document.financial : nil))
            }
        }
        return reports
    }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("kind"); json.string(kind)
        json.key("filename"); json.string(filename)
        json.key("part"); json.string(part)
        json.key("sha256"); json.string(sha256)
        json.key("archive"); json.string(archive)
        json.key("language"); json.string(language)
        json.key("confidence"); json.number((confidence * 100).rounded() / 100)
        json.key("reasons")
        json.beginArray()
        for reason in reasons { json.string(reason) }
        json.endArray()
        json.key("has_text"); json.bool(hasText)
        if kind == DocumentKind.financialOffer.rawValue {
            json.key("financial")
            if let financial {
                json.beginObject()
                json.key("daily_rate"); Self.money(financial.dailyRate, to: &json)
                json.key("days")
                if let days = financial.days { Self.number(days, to: &json) } else { json.null() }
                json.key("total"); Self.money(financial.total, to: &json)
                json.key("currency"); json.string(financial.currency?.code)
                json.key("over_cap")
                if let over = financial.overCap { json.bool(over) } else { json.null() }
                json.endObject()
            } else {
                json.null()
            }
        }
        json.endObject()
    }

    private static func money(_ money: Money?, to json: inout JSONWriter) {
        guard let money else { json.null(); return }
        number(money.units, to: &json)
    }

    private static func number(_ value: Double, to json: inout JSONWriter) {
        json.number(value)
    }
}
