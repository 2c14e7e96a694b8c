import OfferStore
import Logging
import Hummingbird
import OfferCore
import OfferboxService

/// The corrections of issue 11 from an offer's page: each a POST (CSRF checked by `RequireLogin`)
/// with a reason, by the secretariat only, through the same service methods as the commands.
struct CorrectionRoutes {
    let site: Site
    /// Rings the outbox, so that a corrected receipt leaves now rather than at the next flush.
    let corrected: @Sendable () -> Void

    /// What the offer's page says after a correction (`?done=`): fixed texts only.
    enum Notice: String {
        case reclassified, withdrawn, merged, answered

        var text: String {
            switch self {
            case .reclassified: "The file was reclassified and the offer evaluated again."
            case .withdrawn: "The withdrawal was recorded."
            case .merged: "The offers were merged and evaluated again."
            case .answered: "The message was marked answered."
            }
        }
    }

    func add(to group: RouterGroup<WebContext>) {
        group.post("/offers/:id/reclassify") { _, context in
            try await correct(context, notice: .reclassified) { pipeline, id, user, reason, now in
                let kindText = context.form["kind"] ?? ""
                let kind = kindText == "none" ? nil : DocumentKind(rawValue: kindText)
                guard kind != nil || kindText == "none" else { throw CorrectionError.nothingToChange("unknown kind \(kindText)") }
                _ = try pipeline.reclassify(offer: id, file: context.form["file"] ?? "", as: kind, by: user, reason: reason, now: now)
            }
        }
        group.post("/offers/:id/withdraw") { _, context in
            try await correct(context, notice: .withdrawn) { pipeline, id, user, reason, now in
                _ = try pipeline.withdraw(offer: id, by: user, reason: reason, now: now)
            }
        }
        group.post("/offers/:id/merge") { _, context in
            try await correct(context, notice: .merged) { pipeline, id, user, reason, now in
                _ = try pipeline.merge(offer: id, other: context.form["other"] ?? "", by: user, reason: reason, now: now)
            }
        }
        group.post("/offers/:id/answered") { _, context in
            try await correct(context, notice: .answered) { pipeline, id, user, reason, now in
                // Only a question is answered by a person; a held offer is released or dismissed (offerbox release).
                guard let row = Int64(context.form["message"] ?? ""),
                      let message = try site.database.message(id: row), let offer = try site.database.offer(publicID: id),
                      message.offerId == offer.id, try site.database.openReview(messageID: row)?.kind == .correspondence
                else { throw CorrectionError.noSuchOffer(id) }
                try pipeline.answered(messageRowID: row, by: user, note: reason, now: now)
            }
        }
    }

    private func correct(_ context: WebContext, notice: Notice,
                         _ body: @escaping @Sendable (IntakePipeline, String, String, String, Int64) throws -> Void) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        guard site.visibility(for: user).corrections else {
            return site.renderer.error(.forbidden, "Only the secretariat makes corrections.", user: user, back: "/offers/\(id)")
        }
        guard let pipeline = site.pipeline else {
            return site.renderer.error(.forbidden, "This page only reads (offerbox serve): correct on the page of offerbox run.", user: user,
                                       back: "/offers/\(id)")
        }
        let reason = String((context.form["reason"] ?? "").prefix(500))
        do {
            let now = site.now()
            try await site.blocking { try body(pipeline, id, user.name, reason, now) }
        } catch let error as CorrectionError {
            return site.renderer.error(.unprocessableContent, "Nothing was changed: \(error)", user: user, back: "/offers/\(id)")
        } catch let error as ReviewError {
            return site.renderer.error(.unprocessableContent, "Nothing was changed: \(error)", user: user, back: "/offers/\(id)")
        }
        site.logger.notice("correction from the web page", metadata: ["ob.web.user": "\(user.name)", "ob.offer": "\(id)",
                                                                      "ob.correction": "\(notice.rawValue)"])
        corrected()
        return Response(status: .seeOther, headers: [.location: "/offers/\(PageText.queryValue(id))?done=\(notice.rawValue)"])
    }
}
