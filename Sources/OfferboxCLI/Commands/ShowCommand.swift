import ArgumentParser
import Foundation
import OfferCore
import OfferStore
import OfferboxService

/// `offerbox show OFFER_ID`: one offer in full, as ``OfferDetail`` assembles it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one offer in full: applicant, messages, documents, checks, replies.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The offer id, e.g. ASTON-2022-0007.") var offerID: String

    func run() throws {
        let loaded = try options.load()
        let register = Register(database: try options.openDatabase(loaded.configuration), configuration: loaded.configuration)
        guard let detail = try register.detail(publicID: offerID) else {
            StandardError.print("offerbox: no offer \(offerID)")
            throw ExitCode(1)
        }
        let text = OfferText(detail: detail, offsetMinutes: loaded.configuration.call.localOffsetMinutes)
        var output = StandardOutput()
        output.write(Array((text.lines.joined(separator: "\n") + "\n").utf8))
        output.flush()
    }
}

/// An offer as `show` prints it; every piece of applicant text goes through ``TerminalText/safe(_:)``.
struct OfferText {
    var detail: OfferDetail
    var offsetMinutes: Int

    var lines: [String] {
        header + [""] + documents + [""] + messages + [""] + replies + [""] + history
    }

    var header: [String] {
        let entry = detail.entry
        var lines = [
            "Offer      \(entry.id)  (\(entry.status.rawValue))",
            "Applicant  \(TerminalText.safe(entry.applicantName ?? "-")) <\(TerminalText.safe(entry.applicantAddress))>",
            "Received   \(TimeText.rfc3339(entry.receivedAt)) (latest counted message; first \(TimeText.rfc3339(entry.firstReceivedAt)))",
            "Deadline   \(TimeText.rfc3339(detail.deadline))",
        ]
        if let attention = entry.attention { lines.append("ATTENTION  \(TerminalText.safe(attention))") }
        if let into = entry.mergedInto { lines.append("MERGED     into \(into): its messages are there now (see History)") }
        if let withdrawn = entry.withdrawnAt { lines.append("WITHDRAWN  \(TimeText.rfc3339(withdrawn)), as the applicant asked (see History)") }
        if let purged = entry.identityPurgedAt {
            lines.append("PURGED     \(TimeText.rfc3339(purged)): the applicant's name, address and the texts of their mail, by retention (hashes kept)")
        }
        return lines
    }

    var documents: [String] {
        var lines = ["Documents"]
        for kind in RegisterEntry.listedKinds {
            let files = detail.entry.documents[kind] ?? []
            if files.isEmpty { lines.append("  \(kind.rawValue): MISSING") }
            lines += files.flatMap(document)
        }
        // Files of no kind the call asks for (a portfolio, a certificate): the committee sees them too.
        lines += (detail.entry.documents[.other] ?? []).flatMap(document)
        return lines
    }

    func document(_ file: RegisterEntry.Document) -> [String] {
        var lines = ["  \(file.kind.rawValue): \(TerminalText.safe(file.filename))  \(file.size) bytes  sha256 \(file.sha256)  language \(file.language ?? "-")"]
        if let financial = file.financial { lines.append("    figures \(financial.json)") }
        if let purged = detail.purgedContents[file.sha256] { lines.append("    content removed by retention at \(TimeText.rfc3339(purged))") }
        return lines
    }

    var messages: [String] {
        ["Messages"] + detail.messages.flatMap(message)
    }

    func message(_ item: OfferDetail.Message) -> [String] {
        let message = item.summary
        let local = TimeText.format(message.internalDate, offsetMinutes: offsetMinutes)
        let standing = message.counted ? "counted" : message.late ? "NOT COUNTED (late)" : "NOT COUNTED"
        var lines = [
            "  \(TimeText.rfc3339(message.internalDate)) (\(local) local)  \(standing)  \(message.category.rawValue)",
            "    Message-ID \(TerminalText.safe(message.messageID ?? "-"))  sha256 \(message.sha256)  \(message.size) bytes",
            "    Subject \(TerminalText.safe(message.subject ?? "-"))",
            "    Sender checks passed: \(message.authentication.label)"
                + (message.replyToAddress.map { "  Reply-To \(TerminalText.safe($0)) (never answered there)" } ?? ""),
            "    Reply decision: \(TerminalText.safe(message.replyDecision))",
        ]
        if let purged = message.purgedAt { lines.append("    raw bytes removed by retention at \(TimeText.rfc3339(purged)) (sha256 kept)") }
        if let review = item.review { lines.append(Self.review(review, messageRow: message.id ?? 0)) }
        for document in item.documents {
            lines.append("    file \(document.id ?? 0) (part \(document.partPath)) \(TerminalText.safe(document.filename ?? "(unnamed)")) → "
                + "\(document.kind.rawValue) (\(String(format: "%.2f", document.confidence))) \(TerminalText.safe(JSONText.array(document.reasons)))")
            lines += detail.corrections.filter { $0.documentId == document.id }.map(Self.correction)
        }
        return lines
    }

    /// A person's correction, beside the robot's decision it overrides.
    static func correction(_ correction: CorrectionRecord) -> String {
        "      corrected by \(TerminalText.safe(correction.decidedBy)) at \(TimeText.rfc3339(correction.at)): "
            + "\(correction.before ?? "not a document") → \(correction.after ?? "not a document"): \(TerminalText.safe(correction.reason))"
    }

    static func review(_ review: ReviewRecord, messageRow: Int64) -> String {
        guard let decision = review.decision else {
            return "    WAITS FOR A PERSON (\(review.kind.rawValue)): offerbox release|dismiss \(messageRow) --reason ..."
        }
        return "    set aside (\(review.kind.rawValue)), then \(decision.rawValue) by \(TerminalText.safe(review.decidedBy ?? "?")) at "
            + "\(review.decidedAt.map(TimeText.rfc3339) ?? "?"): \(TerminalText.safe(review.note ?? ""))"
    }

    var replies: [String] {
        ["Replies"] + detail.replies.map { reply in
            "  \(reply.kind.rawValue)  \(reply.state.rawValue)  \(reply.sentAt.map(TimeText.rfc3339) ?? "not sent")  <\(reply.rfc822MessageID)>"
                + (reply.purgedAt.map { "  text removed by retention at \(TimeText.rfc3339($0)), sha256 \(reply.sha256 ?? "?")" } ?? "")
        }
    }

    var history: [String] {
        ["History"] + detail.history.map { event in
            "  \(TimeText.rfc3339(event.at))  \(event.kind.rawValue)  \(TerminalText.safe(event.detail))"
        }
    }
}
