import ArgumentParser
import Glibc
import MIME
import OfferCore
import OfferDocuments
import OfferboxService

/// `offerbox parse [--json] PATH...`: parse raw messages without touching a mailbox or database.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse raw RFC 5322 messages and print what offerbox reads in them.",
        discussion: """
        PATH is a file, a directory (every file under it, in name order) or - for standard input.
        With --json: one JSON object per message per line, as documented in the README.
        """)

    @Flag(name: .long, help: "One JSON object per message per line.")
    var json = false

    @Option(name: .long, help: ArgumentHelp(
        "The call's budget cap, excluding VAT, that financial offers are checked against.",
        valueName: "AMOUNT CURRENCY"))
    var budgetCap: String = "25000 EUR"

    @Flag(name: .long, help: "Do not recognise documents (leaves `documents` empty; for measuring their cost).")
    var noDocuments = false

    @Argument(help: "Message files, directories, or - for standard input.")
    var paths: [String]

    func validate() throws {
        guard Money(parsing: budgetCap) != nil else {
            throw ValidationError("--budget-cap needs an amount and a currency, e.g. \"25000 EUR\"; got \"\(budgetCap)\"")
        }
    }

    func run() throws {
        let (files, errors) = InputFiles.expand(paths)
        var failures = errors
        let parser = MessageParser()
        var configuration = DocumentAnalyzerConfiguration()
        configuration.budgetCap = Money(parsing: budgetCap)
        configuration.pdfWorker = PDFWorkerPool.installed
        // One message at a time and no text cache: parse's memory stays that of its largest message
        // (bench-parse's target); the daemon, which sees resubmissions over weeks, keeps the cache.
        configuration.textCacheBytes = 0
        let analyzer = noDocuments ? nil : DocumentAnalyzer(configuration)
        var output = StandardOutput()
        var writer = JSONWriter()
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try InputFiles.read(file)
            } catch {
                failures.append(error.description)
                continue
            }
            let message = parser.parse(bytes)
            let report = MessageReport(source: file, message: message, analyzer: analyzer)
            if json {
                writer.reset()
                report.write(to: &writer)
                writer.newline()
                output.write(writer.bytes)
            } else {
                output.write(Array((report.summary + "\n").utf8))
            }
        }
        output.flush()
        for failure in failures { StandardError.print("offerbox parse: \(failure)") }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
