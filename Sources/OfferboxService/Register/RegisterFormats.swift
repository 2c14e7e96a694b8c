import Foundation
import OfferCore
import OfferStore

/// The register written as the contract's JSON lines and as CSV for spreadsheets.
public enum RegisterFormats {
    /// One JSON object, keys in the contract's order (`id`, `applicant`, `status`, `received_at`,
    /// `documents`, `missing`, `messages`, `replies`), then offerbox's additions.
    public static func jsonLine(_ entry: RegisterEntry) -> String {
        var json = JSONWriter(reserving: 1024)
        json.beginObject()
        identity(entry, to: &json)
        json.key("received_at"); json.string(TimeText.rfc3339(entry.receivedAt))
        json.key("documents"); json.beginObject()
        for kind in RegisterEntry.listedKinds {
            json.key(kind.rawValue)
            strings((entry.documents[kind] ?? []).map(\.filename), to: &json)
        }
        json.endObject()
        json.key("missing"); strings(entry.missing.map(\.rawValue), to: &json)
        json.key("messages"); strings(entry.messageIDs, to: &json)
        json.key("replies"); json.beginArray()
        for reply in entry.replies {
            json.beginObject()
            json.key("kind"); json.string(reply.kind)
            json.key("sent_at"); json.string(reply.sentAt.map(TimeText.rfc3339))
            json.key("message_id"); json.string(reply.messageID)
            json.key("state"); json.string(reply.state)
            json.endObject()
        }
        json.endArray()
        json.key("first_received_at"); json.string(TimeText.rfc3339(entry.firstReceivedAt))
        json.key("late_messages"); json.int(entry.lateMessages)
        json.key("attention"); json.string(entry.attention)
        json.key("withdrawn_at"); json.string(entry.withdrawnAt.map(TimeText.rfc3339))
        json.key("merged_into"); json.string(entry.mergedInto)
        json.key("identity_purged_at"); json.string(entry.identityPurgedAt.map(TimeText.rfc3339))
        json.endObject()
        return json.text
    }

    /// `"id"`, `"applicant": {"name", "address"}`, `"status"`: how every JSON of the register begins.
    static func identity(_ entry: RegisterEntry, to json: inout JSONWriter) {
        json.key("id"); json.string(entry.id)
        json.key("applicant"); json.beginObject()
        json.key("name"); json.string(entry.applicantName)
        json.key("address"); json.string(entry.applicantAddress)
        json.endObject()
        json.key("status"); json.string(entry.status.rawValue)
    }

    private static func strings(_ values: [String], to json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
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
