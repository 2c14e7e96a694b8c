import OfferStore
import Logging
import Foundation
import Hummingbird
import OfferCore
import OfferboxService

/// The overview, the offers, one offer, the exports page.
struct PageRoutes {
    let site: Site

    func add(to group: RouterGroup<WebContext>) {
        group.get("/") { _, context in
            let user = try context.requireUser()
            return try await site.blocking {
                let visibility = site.visibility(for: user)
                let page = try OverviewPage.build(site: site, visibility: visibility)
                return site.renderer.response(.overview, page, title: "Overview", user: user, section: .overview,
                                              sealedNotice: sealedNotice(visibility))
            }
        }
        group.get("/offers") { request, context in
            let user = try context.requireUser()
            let visibility = site.visibility(for: user)
            let filter = OffersPage.Filter(Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { first, _ in first })
            return try await site.blocking {
                let page = OffersPage.build(site: site, visibility: visibility, filter: filter, entries: try site.entries())
                return site.renderer.response(.offers, page, title: "Offers", user: user, section: .offers, sealedNotice: sealedNotice(visibility))
            }
        }
        group.get("/offers/:id") { request, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            let notice = request.uri.queryParameters.get("done").flatMap(CorrectionRoutes.Notice.init(rawValue:))?.text
            return try await site.blocking {
                guard let detail = try site.register.detail(publicID: id) else {
                    return site.renderer.error(.notFound, "There is no offer \(id).", user: user, back: "/offers")
                }
                let visibility = site.visibility(for: user)
                let opening = try site.database.latestOpening(withRecord: false)
                var page = OfferPage.build(site: site, detail: detail, user: user, visibility: visibility, openedAfter: opening?.lastEventId)
                page.notice = notice
                return site.renderer.response(.offer, page, title: "Offer \(detail.entry.id)", user: user, section: .offers,
                                              sealedNotice: sealedNotice(visibility))
            }
        }
        group.get("/exports") { _, context in
            let user = try context.requireUser()
            struct Data { var allowed: Bool; var deadline: String; var opening: Opening? }
            struct Opening { var sha256: String }
            let visibility = site.visibility(for: user)
            let opening = try await site.blocking { try site.database.latestOpening(withRecord: false) }
                .flatMap { $0.purgedAt != nil ? nil : Opening(sha256: $0.sha256) }
            return site.renderer.response(.exports, Data(allowed: visibility.downloads, deadline: site.local(site.deadline), opening: opening),
                                          title: "Exports", user: user, section: .exports, sealedNotice: sealedNotice(visibility))
        }
    }

    /// The banner a sealed role sees on every page.
    private func sealedNotice(_ visibility: Visibility) -> String? {
        guard !visibility.documents else { return nil }
        return "The offers are sealed until the deadline (\(site.local(site.deadline))): your role sees each offer's id, applicant, "
            + "receipt times, status and missing documents, and nothing of their contents, until then."
    }
}

extension WebContext {
    /// The logged-in user; `RequireLogin` guarantees one on every route behind it.
    func requireUser() throws -> WebUser {
        guard let user else { throw HTTPError(.unauthorized) }
        return user
    }
}
