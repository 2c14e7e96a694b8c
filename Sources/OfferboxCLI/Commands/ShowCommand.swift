import ArgumentParser
import Foundation
import OfferCore
import OfferStore
import OfferboxService

/// `offerbox show OFFER_ID`: one offer in full.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one offer in full: applicant, messages, documents, checks, replies.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The offer id, e.g. ASTON-2022-0007.") var offerID: String

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        let register = Register(database: database, configuration: loaded.configuration)
        guard let entry = try register.entry(publicID: offerID), let offer = try database.offer(publicID: offerID) else {
            StandardError.print("offerbox: no offer \(offerID)")
            throw ExitCode(1)
        }
        let offset = loaded.configuration.call.localOffsetMinutes
        var lines: [String] = []
        lines.append("Offer      \(entry.id)  (\(entry.status.rawValue))")
        lines.append("Applicant  \(TerminalText.safe(entry.applicantName ?? "-")) <\(TerminalText.safe(entry.applicantAddress))>")
        lines.append("Received   \(TimeText.rfc3339(entry.receivedAt)) (latest counted message; first \(TimeText.rfc3339(entry.firstReceivedAt)))")
        lines.append("Deadline   \(TimeText.rfc3339(loaded.configuration.call.deadline))")
        if let attention = entry.attention { lines.append("ATTENTION  \(TerminalText.safe(attention))") }
        lines.append("")
        lines.append("Documents")
        for kind in RegisterEntry.listedKinds {
            let files = entry.documents[kind] ?? []
            if files.isEmpty { lines.append("  \(kind.rawValue): MISSING") }
            for file in files {
                lines.append("  \(kind.rawValue): \(TerminalText.safe(file.filename))  \(file.size) bytes  sha256 \(file.sha256)  language \(file.language ?? "-")")
                if let financial = file.financial { lines.append("    figures \(financial)") }
            }
        }
        lines.append("")
        lines.append("Messages")
        let reviews = Dictionary(try database.reviews(offerID: offer.id ?? 0).map { ($0.messageId, $0) }) { _, latest in latest }
        for message in try database.messages(offerID: offer.id ?? 0) {
            let local = TimeText.format(message.internalDate, offsetMinutes: offset)
            let standing = message.counted ? "counted" : message.late ? "NOT COUNTED (late)" : "NOT COUNTED"
            lines.append("  \(TimeText.rfc3339(message.internalDate)) (\(local) local)  \(standing)  \(message.category)")
            lines.append("    Message-ID \(TerminalText.safe(message.messageID ?? "-"))  sha256 \(message.sha256)  \(message.size) bytes")
            lines.append("    Subject \(TerminalText.safe(message.subject ?? "-"))")
            lines.append("    Sender checks passed: \((SenderAuthentication(rawValue: message.authentication) ?? .none).label)"
                + (message.replyToAddress.map { "  Reply-To \(TerminalText.safe($0)) (never answered there)" } ?? ""))
            lines.append("    Reply decision: \(TerminalText.safe(message.replyDecision))")
            if let review = reviews[message.id ?? 0] {
                if let decision = review.decision {
                    lines.append("    set aside (\(review.kind.rawValue)), then \(decision.rawValue) by \(TerminalText.safe(review.decidedBy ?? "?")) at "
                        + "\(review.decidedAt.map(TimeText.rfc3339) ?? "?"): \(TerminalText.safe(review.note ?? ""))")
                } else {
                    lines.append("    WAITS FOR A PERSON (\(review.kind.rawValue)): offerbox release|dismiss \(message.id ?? 0) --reason ...")
                }
            }
            for document in try database.documents(messageID: message.id ?? 0) {
                let reasons = document.reasons
                lines.append("    file \(document.partPath) \(TerminalText.safe(document.filename ?? "(unnamed)")) → \(document.kind) (\(String(format: "%.2f", document.confidence))) \(TerminalText.safe(reasons))")
            }
        }
        lines.append("")
        lines.append("Replies")
        for reply in entry.replies {
            lines.append("  \(reply.kind)  \(reply.state)  \(reply.sentAt.map(TimeText.rfc3339) ?? "not sent")  <\(reply.messageID)>")
        }
        lines.append("")
        lines.append("History")
        for event in try database.events(offerID: offer.id ?? 0) {
            lines.append("  \(TimeText.rfc3339(event.at))  \(event.kind)  \(TerminalText.safe(event.detail))")
        }
        var output = StandardOutput()
        output.write(Array((lines.joined(separator: "\n") + "\n").utf8))
        output.flush()
    }
}
