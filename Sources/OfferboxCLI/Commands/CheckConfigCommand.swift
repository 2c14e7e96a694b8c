import ArgumentParser
import Foundation
import Glibc
import Logging
import MailTransport
import OfferCore
import OfferDocuments
import OfferboxService
import OfferboxWeb
import OfferStore

/// `offerbox check-config`: the configuration, the templates, the store's folder, and a login to every
/// mailbox and to the SMTP server, each reported on a line of its own; exit 0 only when all pass.
///
/// Nothing is fetched, flagged or sent: an administrator can run it against the live mailboxes.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and log in to each mailbox and the SMTP server; exit 0 when all is well.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let loaded = try options.load()
        let configuration = loaded.configuration
        let call = configuration.call
        report(.ok, "config", "\(options.path): valid; call \(call.reference), deadline "
            + "\(TimeText.format(call.deadline, offsetMinutes: 0)) UTC, requires \(call.requiredDocuments.map(\.rawValue).joined(separator: ", "))")
        for warning in loaded.warnings { report(.warning, "config", warning) }

        var worst = Verdict.ok
        func record(_ verdict: Verdict, _ what: String, _ detail: String) {
            report(verdict, what, detail)
            worst = max(worst, verdict)
        }
        do {
            let composer = try ReplyComposer(overrides: configuration.replies.templates)
            record(.ok, "templates", Self.templatesDetail(composer))
        } catch {
            record(.configurationError, "templates", "\(error)")
        }
        let (pdfVerdict, pdfDetail) = Self.checkPDFReader(PDFWorkerPool.installation, fallback: DocumentAnalyzerConfiguration().pdfExtractor,
                                                          isExecutable: ExtractorPrograms.isExecutableFile)
        record(pdfVerdict, "pdf", pdfDetail)
        let (storeVerdict, storeDetail) = checkStore(configuration.store.database)
        record(storeVerdict, "store", storeDetail)
        let (filesVerdict, filesDetail) = checkStore(configuration.store.filesDirectory)
        record(filesVerdict, "files", filesDetail)
        let register = FileManager.default.fileExists(atPath: configuration.store.database)
            ? try? OfferDatabase.open(path: configuration.store.database, filesDirectory: configuration.store.filesDirectory) : nil
        if let database = register,
           let waiting = try? Register(database: database, configuration: configuration).waitingForAPerson(), waiting.total > 0 {
            // Not a fault of the configuration, but the operator must hear of it: intake goes on without these messages.
            record(.warning, "pending", "\(waiting.total) message(s) wait for a person (\(waiting.summary)): offerbox pending")
        }

        if let retention = configuration.retention {
            record(.ok, "retention", RetentionPolicy.Category.allCases.map {
                "\($0.rawValue) kept until \(TimeText.format(retention.expiry($0), offsetMinutes: 0)) UTC"
            }.joined(separator: ", "))
        } else {
            record(.warning, "retention", "no [retention]: nothing is ever deleted, personal data included (see the README, \"Retention\")")
        }
        if let web = configuration.web {
            let (verdict, detail) = Self.checkWeb(web)
            record(verdict, "web", detail)
        }

        var logger = Logger(label: "offerbox.check-config")
        logger.logLevel = .critical
        for mailbox in configuration.mailboxes {
            let what = "mailbox"
            do {
                let client = try IMAPMailboxClient(configuration: mailbox.transport, logger: logger)
                let status = try await client.status()
                // Retention: how many messages the register purged does the server still hold?
                let purged = (try? register?.purgedCopies(mailboxKey: mailbox.key, uidValidity: Int64(status.uidValidity))) ?? []
                let held = purged.isEmpty ? [] : try await client.existing(uids: purged.compactMap { UInt32(exactly: $0) }, uidValidity: status.uidValidity)
                await client.disconnect()
                record(.ok, what, "\(mailbox.username) at \(ServerURL.quoted(mailbox.url)): logged in; \(status.messages) messages, UIDVALIDITY \(status.uidValidity)"
                    + (purged.isEmpty ? "" : "; \(held.count) message(s) purged from the register still on the server"
                        + (configuration.retention?.expungeFromServer == true ? " (expunged after the next pass)" : " ([retention] expunge_from_server is off)")))
            } catch {
                record(Verdict(error), what, "\(mailbox.username) at \(ServerURL.quoted(mailbox.url)): \(error)")
            }
        }
        do {
            try await SMTPSender(configuration: configuration.smtp.transport, logger: logger).verify()
            record(.ok, "smtp", "\(ServerURL.quoted(configuration.smtp.url)): connected\(configuration.smtp.username == nil ? "" : " and logged in"); nothing sent")
        } catch {
            record(Verdict(error), "smtp", "\(ServerURL.quoted(configuration.smtp.url)): \(error)")
        }
        switch worst {
        case .ok, .warning: return
        case .unreachable: throw ExitCode(ExitStatus.failure)
        case .configurationError: throw ExitCode(ExitStatus.configuration)
        }
    }

    /// Which templates are in use: the built-in ones, or the overrides found in `[replies] templates`.
    static func templatesDetail(_ composer: ReplyComposer) -> String {
        let kinds = ReplyKind.allCases.map { kind in
            composer.overridden[kind].map { "\(kind.rawValue) from \($0)" } ?? "\(kind.rawValue) built in"
        }
        return kinds.joined(separator: ", ") + ": compiled"
    }

    /// How PDFs are read: through offerbox-pdf-worker when it passed its self-test (pdftotext is then
    /// not needed), else through pdftotext, whose programs must be there.
    static func checkPDFReader(_ installation: PDFWorkerPool.Installation, fallback: ExternalExtractor,
                               isExecutable: (String) -> Bool) -> (Verdict, String) {
        switch installation {
        case .ready(let program):
            return (.ok, "\(program): passed its self-test (poppler loaded, no network, memory capped); PDFs are read by two such workers")
        case .absent:
            let (verdict, detail) = checkPDFExtractor(fallback, isExecutable: isExecutable)
            return (verdict, detail + "; no offerbox-pdf-worker beside offerbox: one pdftotext process per PDF (slower; scripts/ops/install puts the worker in place)")
        case .failedSelfTest(let program, let reason):
            let (verdict, detail) = checkPDFExtractor(fallback, isExecutable: isExecutable)
            return (max(verdict, .warning), "\(program): \(reason), so it is not used; " + detail)
        }
    }

    /// The PDF extractor's programs (pdftotext, and prlimit around it) exist and can be run; a
    /// missing one is a configuration error, as every PDF would otherwise be classified by name only.
    static func checkPDFExtractor(_ extractor: ExternalExtractor, isExecutable: (String) -> Bool) -> (Verdict, String) {
        let programs = ExtractorPrograms.programs(of: extractor)
        let missing = ExtractorPrograms.missing(programs, isExecutable: isExecutable)
        guard missing.isEmpty else {
            return (.configurationError, "\(missing.joined(separator: ", ")): missing or not executable (Debian packages poppler-utils "
                + "and util-linux); without it every PDF is classified by its file name only")
        }
        return (.ok, "\(programs.joined(separator: ", ")): present and executable")
    }

    /// The database exists and is writable, or its folder is, so `run` can create it.
    private func checkStore(_ path: String) -> (Verdict, String) {
        if access(path, W_OK) == 0 { return (.ok, "\(path): exists and is writable") }
        if FileManager.default.fileExists(atPath: path) { return (.configurationError, "\(path): exists but is not writable by this user") }
        let folder = (path as NSString).deletingLastPathComponent
        if access(folder.isEmpty ? "." : folder, W_OK) == 0 { return (.ok, "\(path): will be created") }
        return (.configurationError, "\(path): its folder does not exist or is not writable by this user")
    }

    private func report(_ verdict: Verdict, _ what: String, _ detail: String) {
        // One report on standard output, in order; the exit status tells success from failure.
        print("\(verdict.label) \(what.padding(toLength: 9, withPad: " ", startingAt: 0)) \(detail)")
    }
}

/// How bad one check's outcome is; the worst decides the exit status.
enum Verdict: Int, Comparable {
    case ok, warning, unreachable, configurationError

    init(_ error: any Error) {
        if let transport = error as? MailTransportError, transport.kind != .configuration {
            self = .unreachable
        } else {
            self = .configurationError
        }
    }

    var label: String {
        switch self {
        case .ok: "ok     "
        case .warning: "warning"
        case .unreachable: "FAILED "
        case .configurationError: "WRONG  "
        }
    }

    static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension CheckConfigCommand {
    /// The page's users each with a readable bcrypt hash, its certificate files readable.
    static func checkWeb(_ web: Configuration.Web) -> (Verdict, String) {
        var problems: [String] = []
        for user in web.users where (try? PasswordFile.read(user.passwordFile)) == nil {
            problems.append("user \(user.name): \(user.passwordFile) is missing or holds no bcrypt hash (offerbox passwd \(user.name))")
        }
        for file in [web.tlsCertificate, web.tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            problems.append("\(file) cannot be read")
        }
        if web.users.isEmpty { problems.append("no [[web.user]]: nobody can log in") }
        guard problems.isEmpty else { return (.configurationError, problems.joined(separator: "; ")) }
        let roles = Dictionary(grouping: web.users, by: \.role).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
        return (.ok, "page on \(web.tlsCertificate == nil ? "http" : "https")://\(web.host):\(web.port); users: \(roles.joined(separator: ", "))")
    }
}
