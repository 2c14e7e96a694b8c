import MIME
import OfferCore

/// Everything a reply template can say, already formatted as text (the templates only arrange it).
struct ReplyContent {
    struct Document {
        var kind: String
        var filename: String
        var size: String
        var sha256: String
    }

    struct Mail {
        var sha256: String
        var receivedUTC: String
        var receivedLocal: String
    }

    var applicantName: String
    /// Who answers: the display name of `smtp.from` ("ASToN Secretariat"), set by the composer, so
    /// that no call's name is written into the templates.
    var secretariat: String = "Secretariat"
    var offerID: String
    var callTitle: String
    var receivedUTC: String
    var receivedLocal: String
    var deadlineUTC: String
    var deadlineLocal: String
    var timeLeft: String
    var documents: [Document]
    /// Current files not listed (past ``IntakePipeline/maxListedDocuments``).
    var documentsOmitted: Int = 0
    var mails: [Mail]
    var missing: [String]
    var hostedLinks: [String]
    var notInEnglish: Bool
    /// What a person's correction changed, in words (a corrected receipt only).
    var changes: [String] = []
    var isLate = false
    /// The deadline is past when the reply is written: missing documents can no longer come.
    var deadlinePassed = false
    var isWithdrawn = false

    /// The Mustache context: snake_case keys, lists as arrays of dictionaries.
    var context: [String: Any] {
        [
            "applicant_name": applicantName,
            "secretariat": secretariat,
            "offer_id": offerID,
            "call_title": callTitle,
            "received_utc": receivedUTC,
            "received_local": receivedLocal,
            "deadline_utc": deadlineUTC,
            "deadline_local": deadlineLocal,
            "time_left": timeLeft,
            "documents": documents.map { ["kind": $0.kind, "filename": $0.filename, "size": $0.size, "sha256": $0.sha256] },
            "has_documents": !documents.isEmpty,
            "documents_omitted": documentsOmitted,
            "has_documents_omitted": documentsOmitted > 0,
            "mails": mails.map { ["sha256": $0.sha256, "received_utc": $0.receivedUTC, "received_local": $0.receivedLocal] },
            "missing": missing.map { ["kind": $0] },
            "has_missing": !missing.isEmpty,
            "hosted_links": hostedLinks.map { ["url": $0] },
            "has_hosted_links": !hostedLinks.isEmpty,
            "not_in_english": notInEnglish,
            "changes": changes.map { ["text": $0] },
            "is_late": isLate,
            "deadline_passed": deadlinePassed,
            "is_withdrawn": isWithdrawn,
        ]
    }

    static func label(_ kind: DocumentKind) -> String {
        switch kind {
        case .letterOfIntent: return "letter of intent"
        case .workplan: return "workplan proposal"
        case .financialOffer: return "financial offer"
        case .cv: return "CV"
        case .other: return "other document"
        }
    }

    /// `2022-06-20 10:15:02 UTC`.
    static func utc(_ seconds: Int64) -> String { TimeText.format(seconds, offsetMinutes: 0) + " UTC" }

    /// `2022-06-20 11:15:02 CET (UTC+01:00)` for the call's zone.
    static func local(_ seconds: Int64, offsetMinutes: Int, zone: String) -> String {
        TimeText.format(seconds, offsetMinutes: offsetMinutes) + " " + zone
    }

    /// `2 days 3 hours`, `45 minutes`, or `none` when past.
    static func duration(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "none" }
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        func unit(_ n: Int64, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if days > 0 { return hours > 0 ? "\(unit(days, "day")) \(unit(hours, "hour"))" : unit(days, "day") }
        if hours > 0 { return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour") }
        return unit(max(minutes, 1), "minute")
    }

    /// `48 211 bytes (47 KiB)`.
    static func size(_ bytes: Int64) -> String {
        bytes >= 1024 ? "\(bytes) bytes (\(bytes / 1024) KiB)" : "\(bytes) bytes"
    }
}

/// Times as text without Foundation's formatters: fixed formats, no locale surprises.
public enum TimeText {
    public static func format(_ seconds: Int64, offsetMinutes: Int) -> String {
        let local = seconds + Int64(offsetMinutes) * 60
        var days = local / 86_400
        var secondsOfDay = local % 86_400
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        let (year, month, day) = CivilCalendar.civilFromDays(days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60))"
    }

    /// `UTC+02:00`, or `UTC` for 0.
    public static func zoneName(_ offsetMinutes: Int) -> String {
        guard offsetMinutes != 0 else { return "UTC" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        let hours = magnitude / 60, minutes = magnitude % 60
        return "UTC\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
    }

    /// RFC 3339 in UTC: `2022-06-20T10:15:02Z`. MIME's formatter, the one `parse --json` writes
    /// `date` with: the register and the parser cannot disagree on the form.
    public static func rfc3339(_ seconds: Int64) -> String {
        MessageDate(secondsSince1970: seconds, utcOffsetMinutes: 0).rfc3339UTC
    }
}
