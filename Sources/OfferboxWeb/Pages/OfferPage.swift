import Logging
import Foundation
import MIME
import OfferCore
import OfferStore
import OfferboxService

/// One offer, as the viewer's role may see it: built from the register's `OfferDetail` only.
struct OfferPage {
    struct Document {
        var offer: String, row: Int64, kind: String, name: String, size: String, sha256: String
        var language: String, confidence: String
        var reasons: [String]
        var hasReasons: Bool
        var corrected: Bool
        var downloadable: Bool
        /// When retention removed the content (the hash stays), as local time.
        var removed: String?
    }
    struct Financial { var dailyRate: String, days: String, total: String, overCap: String; var over: Bool }
    struct Message { var received: String, subject: String, category: String, counted: String, decision: String; var review: String? }
    struct Reply { var kind: String, state: String; var sentAt: String?; var text: String? }
    struct History { var at: String, kind: String, detail: String; var afterOpening: Bool }
    struct FileOption { var row: Int64, name: String, kind: String }
    struct KindOption { var value: String, label: String }
    struct OpenReview { var message: Int64, received: String }

    var id: String, name: String, address: String, status: String, why: String
    var firstReceived: String, received: String
    var withdrawn: String?, merged: String?, attention: String?, openedNote: String?
    /// When retention removed the applicant's identity.
    var identityPurged: String?
    var sealed: Bool
    var deadline: String
    var documents: [Document]
    var hasDocuments: Bool
    var missing: String?
    var financial: Financial?
    var earlier: [Document]
    var hasEarlier: Bool
    var messages: [Message]
    /// Messages and history entries left out: an applicant decides how many messages they send,
    /// and a page shows at most the latest ``shown`` of each (`offerbox show` prints them all).
    /// nil when none (Mustache takes 0 for true).
    var earlierMessages: Int?
    var earlierHistory: Int?
    static let shown = 300
    var replies: [Reply]
    var historyVisible: Bool
    var history: [History]
    var corrections: Bool
    var readOnly: Bool
    var csrf: String
    var files: [FileOption]
    var hasFiles: Bool
    var kinds: [KindOption]
    var openReviews: [OpenReview]
    /// What a correction just did (from a fixed list, never text from the query string).
    var notice: String? = nil

    static func build(site: Site, detail: OfferDetail, user: WebUser, visibility: Visibility, openedAfter: Int64?) -> OfferPage {
        let entry = detail.entry
        let corrected = Set(detail.corrections.filter { $0.kind == .reclassify }.compactMap(\.documentId))
        let allDocuments = detail.messages.flatMap(\.documents)
        let byRow = Dictionary(allDocuments.compactMap { document in document.id.map { ($0, document) } }) { first, _ in first }
        let current = RegisterEntry.listedKinds + [.other]
        let currentRows = Set(entry.documents.values.joined().map(\.row))
        let row = { (document: DocumentRecord, kind: DocumentKind) -> Document in
            Document(offer: entry.id, row: document.id ?? 0, kind: kind.label, name: document.filename ?? "(unnamed)",
                     size: PageText.size(document.size), sha256: document.sha256, language: document.language ?? "",
                     confidence: String(format: "%.2f", document.confidence), reasons: document.reasons, hasReasons: !document.reasons.isEmpty,
                     corrected: corrected.contains(document.id ?? -1),
                     downloadable: visibility.downloads && detail.purgedContents[document.sha256] == nil,
                     removed: detail.purgedContents[document.sha256].map(site.local))
        }
        let documents = current.flatMap { kind in (entry.documents[kind] ?? []).compactMap { byRow[$0.row].map { row($0, kind) } } }
        let earlier = allDocuments.filter { !currentRows.contains($0.id ?? -1) }.map { row($0, $0.kind) }
        let figures = entry.documents[.financialOffer]?.compactMap(\.financial).first
        let sealed = !visibility.documents
        // Only a question waits for "answered"; a held offer is released or dismissed with the commands.
        let openReviews = detail.messages.filter { $0.review?.decision == nil && $0.review?.kind == .correspondence }
        return OfferPage(
            id: entry.id, name: entry.applicantName ?? "", address: entry.applicantAddress, status: entry.status.rawValue,
            why: why(entry, deadline: site.local(detail.deadline)),
            firstReceived: site.local(entry.firstReceivedAt), received: site.local(entry.receivedAt),
            withdrawn: entry.withdrawnAt.map(site.local), merged: entry.mergedInto,
            attention: entry.attention.map { sealed ? "a person should look at this offer" : $0 },
            openedNote: openedAfter.flatMap { last in
                detail.history.contains { $0.id > last && !OverviewPage.accessKinds.contains($0.kind) }
                    ? "the register changed for this offer after the opening record (marked in the history)" : nil
            },
            identityPurged: entry.identityPurgedAt.map(site.local),
            sealed: sealed, deadline: site.local(detail.deadline),
            documents: sealed ? [] : documents, hasDocuments: !documents.isEmpty,
            missing: entry.missing.isEmpty ? nil : entry.missing.map(\.label).joined(separator: ", "),
            financial: visibility.financials ? figures.map(financial) : nil,
            earlier: sealed ? [] : earlier, hasEarlier: !sealed && !earlier.isEmpty,
            messages: detail.messages.suffix(shown).map { message in
                let summary = message.summary
                return Message(received: site.local(summary.internalDate), subject: sealed ? "" : (summary.subject ?? ""),
                               category: summary.category.rawValue, counted: summary.counted ? "yes" : (summary.late ? "no (late)" : "no"),
                               decision: summary.replyDecision,
                               review: message.review.map { review in review.decision.map { "\(review.kind.rawValue): \($0.rawValue)" } ?? review.kind.rawValue })
            },
            earlierMessages: detail.messages.count > shown ? detail.messages.count - shown : nil,
            earlierHistory: detail.history.count > shown ? detail.history.count - shown : nil,
            replies: detail.replies.map { reply in
                Reply(kind: reply.kind.rawValue, state: reply.state.rawValue, sentAt: reply.sentAt.map(site.local),
                      text: visibility.replyText && reply.purgedAt == nil ? MessageParser().parse(Array(reply.bytes)).text : nil)
            },
            historyVisible: visibility.history,
            history: detail.history.suffix(shown).map { item in
                let values = item.values.filter { !sealed || !OfferDetail.HistoryEntry.fileKeys.contains($0.key) }
                return History(at: site.local(item.at), kind: item.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                               detail: values.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")): \(readable($0.value))" }
                                   .joined(separator: "; "),
                               afterOpening: openedAfter.map { item.id > $0 && !OverviewPage.accessKinds.contains(item.kind) } ?? false)
            },
            corrections: visibility.corrections, readOnly: site.pipeline == nil, csrf: user.csrf,
            files: allDocuments.map { FileOption(row: $0.id ?? 0, name: $0.filename ?? "(unnamed)", kind: $0.kind.label) },
            hasFiles: !allDocuments.isEmpty,
            kinds: DocumentKind.allCases.map { KindOption(value: $0.rawValue, label: $0.label) }
                + [KindOption(value: "none", label: "not a document")],
            openReviews: openReviews.map { OpenReview(message: $0.summary.id ?? 0, received: site.local($0.summary.internalDate)) })
    }

    /// A stored value as a person reads it: kinds by their names (`letter of intent, cv`).
    static func readable(_ value: String) -> String {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ DocumentKind(rawValue: $0) != nil }) else { return value }
        return parts.compactMap { DocumentKind(rawValue: $0)?.label }.joined(separator: ", ")
    }

    static func why(_ entry: RegisterEntry, deadline: String) -> String {
        switch entry.status {
        case .accepted: "every required document arrived before the deadline (\(deadline))"
        case .incomplete:
            "received before the deadline (\(deadline)); missing: " + entry.missing.map(\.label).joined(separator: ", ")
        case .late: "its first message reached the mailbox at or after the deadline (\(deadline))"
        }
    }

    static func financial(_ figures: StoredFigures) -> Financial {
        let amount = { (value: Double?) in value.map { String(format: "%.2f", $0) + (figures.currency.map { " \($0)" } ?? "") } ?? "not found" }
        return Financial(dailyRate: amount(figures.dailyRate), days: figures.days.map { String(format: "%g", $0) } ?? "not found",
                         total: amount(figures.total), overCap: figures.overCap.map { $0 ? "yes" : "no" } ?? "unknown",
                         over: figures.overCap == true)
    }
}

extension DocumentKind {
    /// As a person reads it: `letter of intent`, `financial offer`.
    var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
