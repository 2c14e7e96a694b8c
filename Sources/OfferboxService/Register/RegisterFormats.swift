import Foundation
import OfferCore
import OfferStore

/// The register written as the contract's JSON lines and as CSV for spreadsheets.
public enum RegisterFormats {
    /// One JSON object, keys in the contract's order (`id`, `applicant`, `status`, `received_at`,
    /// `documents`, `missing`, `messages`, `replies`), then offerbox's additions.
    public static func jsonLine(_ entry: RegisterEntry) -> String {
        var parts: [String] = []
        parts.append("\"id\":\(quote(entry.id))")
        parts.append("\"applicant\":{\"name\":\(quote(entry.applicantName)),\"address\":\(quote(entry.applicantAddress))}")
        parts.append("\"status\":\(quote(entry.status.rawValue))")
        parts.append("\"received_at\":\(quote(TimeText.rfc3339(entry.receivedAt)))")
        let documents = RegisterEntry.listedKinds.map { kind in
            "\(quote(kind.rawValue)):[" + (entry.documents[kind] ?? []).map { quote($0.filename) }.joined(separator: ",") + "]"
        }
        parts.append("\"documents\":{" + documents.joined(separator: ",") + "}")
        parts.append("\"missing\":[" + entry.missing.map { quote($0.rawValue) }.joined(separator: ",") + "]")
        parts.append("\"messages\":[" + entry.messageIDs.map(quote).joined(separator: ",") + "]")
        let replies = entry.replies.map { reply in
            "{\"kind\":\(quote(reply.kind)),\"sent_at\":\(quote(reply.sentAt.map(TimeText.rfc3339))),\"message_id\":\(quote(reply.messageID)),\"state\":\(quote(reply.state))}"
        }
        parts.append("\"replies\":[" + replies.joined(separator: ",") + "]")
        parts.append("\"first_received_at\":\(quote(TimeText.rfc3339(entry.firstReceivedAt)))")
        parts.append("\"late_messages\":\(entry.lateMessages)")
        parts.append("\"attention\":\(quote(entry.attention))")
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        guard let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]) else { return "\"\"" }
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    public static let csvHeader = ["id", "status", "applicant_name", "applicant_address", "received_at_utc", "received_at_local",
                                   "letter_of_intent", "workplan", "financial_offer", "cv", "missing", "financial_total",
                                   "financial_currency", "over_cap", "messages", "late_messages", "attention"]

    /// The register as CSV that LibreOffice and Excel open cleanly: UTF-8 with a byte-order mark,
    /// CRLF rows, RFC 4180 quoting, and cells that a spreadsheet would run as a formula defused.
    public static func csv(_ entries: [RegisterEntry], offsetMinutes: Int) -> [UInt8] {
        var rows = [csvHeader]
        for entry in entries {
            let names = { (kind: DocumentKind) in (entry.documents[kind] ?? []).map(\.filename).joined(separator: "; ") }
            let financial = entry.documents[.financialOffer]?.compactMap(\.financial).first.flatMap(financialFields)
            rows.append([
                entry.id, entry.status.rawValue, entry.applicantName ?? "", entry.applicantAddress,
                TimeText.format(entry.receivedAt, offsetMinutes: 0), TimeText.format(entry.receivedAt, offsetMinutes: offsetMinutes),
                names(.letterOfIntent), names(.workplan), names(.financialOffer), names(.cv),
                entry.missing.map(\.rawValue).joined(separator: "; "),
                financial?.total ?? "", financial?.currency ?? "", financial?.overCap ?? "",
                String(entry.messageIDs.count), String(entry.lateMessages), entry.attention ?? "",
            ])
        }
        var text = "\u{FEFF}"
        for row in rows { text += row.map(csvCell).joined(separator: ",") + "\r\n" }
        return Array(text.utf8)
    }

    static func csvCell(_ value: String) -> String {
        var cell = value
        // OWASP CSV injection: a leading = + - @ (or tab/CR) would make Excel evaluate the cell.
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { cell = "'" + cell }
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) || cell != cell.trimmingCharacters(in: .whitespaces) {
            cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    private static func financialFields(_ figures: StoredFigures) -> (total: String, currency: String, overCap: String)? {
        let total = figures.total.map { String(format: "%.2f", $0) } ?? ""
        return (total, figures.currency ?? "", figures.overCap.map { $0 ? "yes" : "no" } ?? "")
    }
}
