import ArgumentParser
import OfferCore
import OfferboxService

/// `offerbox offers [--json] [--status STATUS]`: the register, one line per offer.
struct OffersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "offers", abstract: "Print the register: one line (or JSON object) per offer.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "One JSON object per offer per line.") var json = false
    @Option(name: .long, help: "Only offers with this status: accepted, incomplete or late.",
            transform: { text in
                guard let status = OfferStatus(rawValue: text) else { throw ValidationError("status must be accepted, incomplete or late") }
                return status
            })
    var status: OfferStatus?

    func run() throws {
        let loaded = try options.load()
        let register = Register(database: try options.openDatabase(loaded.configuration), configuration: loaded.configuration)
        let entries = try register.entries(status: status)
        var output = StandardOutput()
        for entry in entries {
            let line = json ? RegisterFormats.jsonLine(entry) : Self.summary(entry)
            output.write(Array((line + "\n").utf8))
        }
        output.flush()
        // Beside the register, never inside it: the JSON lines stay the contract's.
        let waiting = try register.waitingForAPerson()
        if waiting.total > 0 {
            StandardError.print("offerbox: \(waiting.total) message(s) wait for a person (\(waiting.summary)): offerbox pending")
        }
    }

    static func summary(_ entry: RegisterEntry) -> String {
        let name = TerminalText.safe(entry.applicantName.map { "\($0) <\(entry.applicantAddress)>" } ?? entry.applicantAddress)
        let kinds = RegisterEntry.listedKinds.filter { entry.documents[$0]?.isEmpty == false }.count
        let missing = entry.missing.isEmpty ? "" : "  missing: " + entry.missing.map(\.rawValue).joined(separator: ", ")
        let attention = (entry.mergedInto.map { "  MERGED INTO \($0)" } ?? "") + (entry.withdrawnAt == nil ? "" : "  WITHDRAWN") + (entry.attention.map { "  ATTENTION: \(TerminalText.safe($0))" } ?? "")
        return "\(entry.id)  \(entry.status.rawValue.padding(10))  \(TimeText.rfc3339(entry.receivedAt))  \(kinds)/4 documents  \(name)\(missing)\(attention)"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
