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
        lines.append("Applicant  \(entry.applicantName ?? "-") <\(entry.applicantAddress)>")
        lines.append("Received   \(TimeText.rfc3339(entry.receivedAt)) (latest counted message; first \(TimeText.rfc3339(entry.firstReceivedAt)))")
        lines.append("Deadline   \(TimeText.rfc3339(loaded.configuration.call.deadline))")
        if let attention = entry.attention { lines.append("ATTENTION  \(attention)") }
        lines.append("")
        lines.append("Documents")
        for kind in RegisterEntry.listedKinds {
            let files = entry.documents[kind] ?? []
            if files.isEmpty { lines.append("  \(kind.rawValue): MISSING") }
            for file in files {
                lines.append("  \(kind.rawValue): \(file.filename)  \(file.size) bytes  sha256 \(file.sha256)  language \(file.language ?? "-")")
                if let financial = file.financial { lines.append("    figures \(financial)") }
            }
        }
        lines.append("")
        lines.append("Messages")
        for message in try database.messages(offerID: offer.id ?? 0) {
            let local = TimeText.format(message.internalDate, offsetMinutes: offset)
            lines.append("  \(TimeText.rfc3339(message.internalDate)) (\(local) local)  \(message.counted ? "counted" : "NOT COUNTED (late)")  \(message.category)")
            lines.append("    Message-ID \(message.messageID ?? "-")  sha256 \(message.sha256)  \(message.size) bytes")
            lines.append("    Subject \(message.subject ?? "-")")
            lines.append("    Reply decision: \(message.replyDecision)")
            for document in try database.documents(messageID: message.id ?? 0) {
                let reasons = document.reasons
                lines.append("    file \(document.partPath) \(document.filename ?? "(unnamed)") → \(document.kind) (\(String(format: "%.2f", document.confidence))) \(reasons)")
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
            lines.append("  \(TimeText.rfc3339(event.at))  \(event.kind)  \(event.detail)")
        }
        var output = StandardOutput()
        output.write(Array((lines.joined(separator: "\n") + "\n").utf8))
        output.flush()
    }
}
