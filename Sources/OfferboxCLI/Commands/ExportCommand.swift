import ArgumentParser
import Foundation
import OfferboxService

/// `offerbox export --format csv|json [--out FILE]`: the register for the evaluation committee.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the register as CSV (for spreadsheets) or JSON lines.")

    enum Format: String, ExpressibleByArgument { case csv, json }

    @OptionGroup var options: ConfigOptions
    @Option(name: .long, help: "csv or json.") var format: Format
    @Option(name: .long, help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let loaded = try options.load()
        let register = Register(database: try options.openDatabase(loaded.configuration), configuration: loaded.configuration)
        let entries = try register.entries()
        let bytes: [UInt8]
        switch format {
        case .csv: bytes = RegisterFormats.csv(entries, offsetMinutes: loaded.configuration.call.localOffsetMinutes)
        case .json: bytes = Array(entries.map { RegisterFormats.jsonLine($0) + "\n" }.joined().utf8)
        }
        if let out {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                StandardError.print("offerbox export: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        } else {
            var output = StandardOutput()
            output.write(bytes)
            output.flush()
        }
    }
}
