import OfferStore
import Logging
import Foundation
import Mustache
import OfferCore
import OfferboxService

/// The offers, filtered and searched, a page at a time.
struct OffersPage {
    /// What the query string asks for; anything else in it is ignored.
    struct Filter: Equatable {
        var query = ""
        var status: OfferStatus?
        var missing: DocumentKind?
        var attention = false
        var overCap = false
        var language: String?
        var page = 1

        init() {}

        init(_ parameters: [String: String]) {
            query = String((parameters["q"] ?? "").prefix(200))
            status = parameters["status"].flatMap(OfferStatus.init(rawValue:))
            missing = parameters["missing"].flatMap(DocumentKind.init(rawValue:))
            attention = parameters["attention"] == "1"
            overCap = parameters["over_cap"] == "1"
            language = parameters["language"].flatMap { $0.isEmpty ? nil : String($0.prefix(16)) }
            page = max(1, min(Int(parameters["page"] ?? "") ?? 1, 100_000))
        }

        /// Whether `entry` passes; the document-derived filters only where the viewer may see documents.
        func admits(_ entry: RegisterEntry, documentsVisible: Bool) -> Bool {
            if let status, entry.status != status { return false }
            if let missing, !entry.missing.contains(missing) { return false }
            if attention && entry.attention == nil { return false }
            if documentsVisible {
                if overCap && OffersPage.overCap(entry) != true { return false }
                if let language, !OffersPage.languages(entry).contains(language) { return false }
            }
            guard !query.isEmpty else { return true }
            let needle = query.lowercased()
            return entry.id.lowercased().contains(needle) || entry.applicantAddress.contains(needle)
                || (entry.applicantName?.lowercased().contains(needle) ?? false)
        }

        /// The query string of this filter on page `page`.
        func link(page: Int) -> String {
            var parts: [String] = []
            if !query.isEmpty { parts.append("q=" + PageText.queryValue(query)) }
            if let status { parts.append("status=" + status.rawValue) }
            if let missing { parts.append("missing=" + missing.rawValue) }
            if attention { parts.append("attention=1") }
            if overCap { parts.append("over_cap=1") }
            if let language { parts.append("language=" + PageText.queryValue(language)) }
            if page > 1 { parts.append("page=\(page)") }
            return "/offers" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
    }

    struct Option { var value: String; var label: String; var selected: Bool }
    struct Row {
        var id: String, name: String, address: String, status: String, received: String, missing: String
        var language: String, overCap: String
        var attention: String?
        var withdrawn: Bool
        var merged: String?
    }

    var query: String
    var statusOptions: [Option]
    var missingOptions: [Option]
    var languageOptions: [Option]
    var attention: Bool
    var overCap: Bool
    var documentsVisible: Bool
    var rows: [Row]
    var shown: Int, matching: Int, total: Int
    var page: Int, pages: Int
    var previous: String?, next: String?

    static let pageSize = 100

    static func build(site: Site, visibility: Visibility, filter: Filter, entries: [RegisterEntry]) -> OffersPage {
        let documentsVisible = visibility.documents
        let matching = entries.filter { filter.admits($0, documentsVisible: documentsVisible) }
        let pages = max(1, (matching.count + pageSize - 1) / pageSize)
        let page = min(filter.page, pages)
        let slice = matching.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let rows = slice.map { entry in
            Row(id: entry.id, name: entry.applicantName ?? "", address: entry.applicantAddress, status: entry.status.rawValue,
                received: site.local(entry.receivedAt), missing: entry.missing.isEmpty ? "none" : entry.missing.map(\.label).joined(separator: ", "),
                language: documentsVisible ? languages(entry).sorted().joined(separator: ", ") : "",
                overCap: documentsVisible ? (overCap(entry).map { $0 ? "yes" : "no" } ?? "") : "",
                // Attention notes quote mail (subjects, reasons): under the seal only that there is one.
                attention: entry.attention.map { documentsVisible ? $0 : "needs attention" },
                withdrawn: entry.withdrawnAt != nil, merged: entry.mergedInto)
        }
        let allLanguages = Set(entries.flatMap { Self.languages($0) }).sorted()
        return OffersPage(
            query: filter.query,
            statusOptions: OfferStatus.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == filter.status) },
            missingOptions: site.configuration.call.requiredDocuments.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.missing)
            },
            languageOptions: documentsVisible ? allLanguages.map { Option(value: $0, label: $0, selected: $0 == filter.language) } : [],
            attention: filter.attention, overCap: filter.overCap, documentsVisible: documentsVisible,
            rows: Array(rows), shown: rows.count, matching: matching.count, total: entries.count, page: page, pages: pages,
            previous: page > 1 ? filter.link(page: page - 1) : nil, next: page < pages ? filter.link(page: page + 1) : nil)
    }

    static func languages(_ entry: RegisterEntry) -> Set<String> {
        Set(entry.documents.values.joined().compactMap(\.language))
    }

    static func overCap(_ entry: RegisterEntry) -> Bool? {
        entry.documents[.financialOffer]?.compactMap(\.financial).first?.overCap
    }
}

// The rows are rendered by name, not through Mirror: a page of 100 offers is 1,000 look-ups, and
// reflection would spend most of the page's time finding the fields.
extension OffersPage.Row: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        case "address": address
        case "status": status
        case "received": received
        case "missing": missing
        case "language": language
        case "overCap": overCap
        // An absent value is `false`, found (never the filter's `attention` above it), and falsy.
        case "attention": attention ?? false
        case "withdrawn": withdrawn
        case "merged": merged ?? false
        default: nil
        }
    }
}

extension OffersPage.Option: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}
