import Foundation
import MIME
import OfferCore
import TOMLKit
import TextBasics

extension Configuration {
    /// The result of loading: the configuration and what the operator should hear about at start-up.
    public struct Loaded: Sendable {
        public var configuration: Configuration
        /// e.g. `allow_plaintext` set for a host that is not on loopback.
        public var warnings: [String]
    }

    /// Reads and validates a config file. Every problem names the file, line and key.
    public static func load(path: String) throws(ConfigurationError) -> Loaded {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, line: nil, key: "", reason: "cannot read the file (\(Self.reason(error)))")
        }
        return try parse(text, file: path)
    }

    /// Validates config text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Loaded {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(file: file, line: error.source.begin.line, key: "",
                                     reason: "not valid TOML: \(error.description) (column \(error.source.begin.column))")
        } catch {
            throw ConfigurationError(file: file, line: nil, key: "", reason: "not valid TOML")
        }
        let context = ConfigurationContext(file: file, lines: TOMLKeyLines(text))
        var reader = ConfigurationTableReader(root, path: "", context: context)
        var warnings: [String] = []
        guard var callTable = try reader.table("call") else { throw context.error("call", "required table [call] is missing") }
        let call = try readCall(&callTable)
        let mailboxes = try readMailboxes(&reader, warnings: &warnings)
        guard var smtpTable = try reader.table("smtp") else { throw context.error("smtp", "required table [smtp] is missing") }
        let smtp = try readSMTP(&smtpTable)
        if let warning = plaintextWarning(smtpTable.path, url: smtp.url, allowPlaintext: smtp.allowPlaintext, carrying: "replies") {
            warnings.append(warning)
        }
        let store = try readStore(&reader)
        let replies = try readReplies(&reader)
        let security = try readSecurity(&reader)
        let web = try readWeb(&reader)
        let retention = try readRetention(&reader, call: call)
        try reader.rejectUnknownKeys()
        return Loaded(configuration: Configuration(call: call, mailboxes: mailboxes, smtp: smtp, store: store, replies: replies,
                                                   security: security, web: web, retention: retention),
                      warnings: warnings)
    }

    /// `allow_plaintext` set for a host that is not on loopback deserves a word at start-up.
    private static func plaintextWarning(_ path: String, url: String, allowPlaintext: Bool, carrying what: String) -> String? {
        guard allowPlaintext, !ServerURL.isLoopback(url) else { return nil }
        return "\(path).allow_plaintext is set for \(ServerURL.host(of: url) ?? ServerURL.quoted(url)), which is not on loopback: "
            + "passwords and \(what) may cross the network unencrypted"
    }

    private static func readMailboxes(
        _ reader: inout ConfigurationTableReader, warnings: inout [String]
    ) throws(ConfigurationError) -> [Mailbox] {
        guard let tables = try reader.tables("mailbox"), !tables.isEmpty else {
            throw reader.context.error("mailbox", "at least one [[mailbox]] table is required")
        }
        var mailboxes: [Mailbox] = []
        for var table in tables {
            let mailbox = try readMailbox(&table)
            if let warning = plaintextWarning(table.path, url: mailbox.url, allowPlaintext: mailbox.allowPlaintext, carrying: "offers") {
                warnings.append(warning)
            }
            mailboxes.append(mailbox)
        }
        return mailboxes
    }

    private static func readStore(_ reader: inout ConfigurationTableReader) throws(ConfigurationError) -> Store {
        var store = Store()
        guard var table = try reader.table("store") else { return store }
        if let database = try table.string("database") {
            guard !database.trimmingCharacters(in: " \t").isEmpty else { throw table.error("database", "must not be empty") }
            store.database = database
        }
        if let files = try table.string("files") {
            guard !files.trimmingCharacters(in: " \t").isEmpty else { throw table.error("files", "must not be empty") }
            store.files = files
        }
        try table.rejectUnknownKeys()
        return store
    }

    private static func readReplies(_ reader: inout ConfigurationTableReader) throws(ConfigurationError) -> Replies {
        var replies = Replies()
        guard var table = try reader.table("replies") else { return replies }
        replies.dailyLimitPerAddress = try table.int("daily_limit_per_address", default: replies.dailyLimitPerAddress, minimum: 0)
        if let templates = try table.string("templates") {
            guard !templates.trimmingCharacters(in: " \t").isEmpty else { throw table.error("templates", "must not be empty") }
            replies.templates = templates
        }
        if let copyTo = try table.string("copy_to") {
            let bare = copyTo.trimmingCharacters(in: " \t")
            guard let address = Self.address(bare), address == bare else {
                throw table.error("copy_to", "must be one bare address such as \"secretariat@example.org\", found \"\(copyTo)\"")
            }
            replies.copyTo = address
        }
        replies.confirmWaitSeconds = try table.int("confirm_wait_seconds", default: replies.confirmWaitSeconds, minimum: 0)
        try table.rejectUnknownKeys()
        return replies
    }

    private static func readCall(_ table: inout ConfigurationTableReader) throws(ConfigurationError) -> Call {
        let reference = try table.requiredString("reference")
        let title = try table.requiredString("title")
        guard let deadline = try table.dateTime("deadline") else { throw table.error("deadline", "required key is missing") }
        guard let offset = deadline.offset else {
            throw table.error("deadline", "needs a UTC offset (such as 2022-06-27T23:00:00Z or 2022-06-28T00:00:00+01:00): a deadline without one is ambiguous")
        }
        let instant = Self.secondsSince1970(deadline)
        var required: [DocumentKind] = [.letterOfIntent, .workplan, .financialOffer, .cv]
        if let names = try table.strings("required_documents") {
            required = []
            for name in names {
                guard let kind = DocumentKind(rawValue: name), kind != .other else {
                    let allowed = DocumentKind.allCases.filter { $0 != .other }.map(\.rawValue).joined(separator: ", ")
                    throw table.error("required_documents", "unknown document kind \"\(name)\" (one of \(allowed))")
                }
                guard !required.contains(kind) else { throw table.error("required_documents", "\"\(name)\" is listed twice") }
                required.append(kind)
            }
            guard !required.isEmpty else { throw table.error("required_documents", "must name at least one document") }
        }
        var own: [String] = []
        if let addresses = try table.strings("own_addresses") {
            for address in addresses {
                guard let parsed = Self.address(address) else {
                    throw table.error("own_addresses", "\"\(address)\" is not an e-mail address")
                }
                own.append(parsed)
            }
        }
        // Parsed here, once, by the same reader the financial offers are read with: a cap it could
        // not read (a currency it does not know) is an error now, not a silent default later.
        var cap: Money?
        if let text = try table.string("budget_cap") {
            guard let money = Money(parsing: text) else {
                throw table.error("budget_cap", "expected an amount and a currency such as \"25000 EUR\", found \"\(text)\"")
            }
            cap = money
        }
        var localOffset = offset.offset == 0 ? 60 : offset.offset
        if let text = try table.string("local_time_offset") {
            guard let minutes = Self.offsetMinutes(text) else {
                throw table.error("local_time_offset", "expected an offset such as \"+01:00\", found \"\(text)\"")
            }
            localOffset = minutes
        }
        let localName = try table.string("local_time_name") ?? (localOffset == 60 ? "CET" : TimeText.zoneName(localOffset))
        let announce = try table.bool("announce_deadline_extension", default: false)
        try table.rejectUnknownKeys()
        var call = Call(reference: reference, title: title, deadline: instant, deadlineOffsetMinutes: offset.offset,
                        requiredDocuments: required, ownAddresses: own, budgetCap: cap,
                        localOffsetMinutes: localOffset, localZoneName: localName)
        call.announceDeadlineExtension = announce
        return call
    }

    private static func readMailbox(_ table: inout ConfigurationTableReader) throws(ConfigurationError) -> Mailbox {
        let url = try readServerURL(&table, schemes: ["imaps", "imap"],
                                    expected: "imaps://HOST[:PORT]/MAILBOX or imap://HOST[:PORT]/MAILBOX (STARTTLS)")
        let username = try table.requiredString("username")
        let secret = try readSecret(&table, allowOAuth: true, required: true)
        var mailbox = Mailbox(url: url, username: username, secret: secret!)
        mailbox.caFile = try table.string("ca_file")
        mailbox.pollIntervalSeconds = try table.int("poll_interval_seconds", default: mailbox.pollIntervalSeconds, minimum: 1)
        mailbox.allowPlaintext = try table.bool("allow_plaintext", default: false)
        if let keyword = try table.string("stored_keyword") {
            guard Self.isIMAPAtom(keyword) else {
                throw table.error("stored_keyword", "an IMAP keyword is one word of letters, digits and $-._ without spaces, found \"\(keyword)\"")
            }
            mailbox.storedKeyword = keyword
        }
        mailbox.moveTo = try table.string("move_to")
        mailbox.idle = try table.bool("idle", default: true)
        try table.rejectUnknownKeys()
        return mailbox
    }

    private static func readSMTP(_ table: inout ConfigurationTableReader) throws(ConfigurationError) -> SMTP {
        let url = try readServerURL(&table, schemes: ["smtps", "smtp"], expected: "smtps://HOST[:PORT] or smtp://HOST[:PORT] (STARTTLS)")
        let fromText = try table.requiredString("from")
        guard let from = Self.mailbox(fromText) else { throw table.error("from", "\"\(fromText)\" holds no e-mail address") }
        var smtp = SMTP(url: url, from: from, envelopeSender: from.address)
        smtp.username = try table.string("username")
        smtp.secret = try readSecret(&table, allowOAuth: false, required: false)
        if smtp.secret != nil, smtp.username == nil { throw table.error("username", "a password is configured but no username") }
        smtp.caFile = try table.string("ca_file")
        smtp.allowPlaintext = try table.bool("allow_plaintext", default: false)
        if let envelope = try table.string("envelope_from") {
            if envelope.isEmpty || envelope == "<>" {
                smtp.envelopeSender = ""
            } else {
                guard let address = Self.address(envelope) else {
                    throw table.error("envelope_from", "expected an address or \"<>\" (the null sender), found \"\(envelope)\"")
                }
                smtp.envelopeSender = address
            }
        }
        try table.rejectUnknownKeys()
        return smtp
    }

    /// `url` of a `[[mailbox]]` or `[smtp]` table: one of `schemes`, a host, and no credentials.
    private static func readServerURL(
        _ table: inout ConfigurationTableReader, schemes: [String], expected: String
    ) throws(ConfigurationError) -> String {
        let url = try table.requiredString("url")
        try rejectCredentials(in: url, &table)
        guard schemes.contains(where: { url.hasPrefix("\($0)://") }), ServerURL.host(of: url) != nil else {
            throw table.error("url", "expected \(expected), found \"\(ServerURL.quoted(url))\"")
        }
        return url
    }

    /// A user name or password written in a URL is refused, and the message never repeats it.
    private static func rejectCredentials(in url: String, _ table: inout ConfigurationTableReader) throws(ConfigurationError) {
        guard ServerURL.hasUserinfo(url) else { return }
        throw table.error("url", "must not hold a user name or password (give them as username and password_file or password_env), found \"\(ServerURL.quoted(url))\"")
    }

    private static func readSecret(
        _ table: inout ConfigurationTableReader, allowOAuth: Bool, required: Bool
    ) throws(ConfigurationError) -> SecretSource? {
        var sources: [(String, SecretSource)] = []
        if let file = try table.string("password_file") { sources.append(("password_file", .file(file))) }
        if let name = try table.string("password_env") { sources.append(("password_env", .environment(name))) }
        if allowOAuth, let file = try table.string("oauth2_token_file") { sources.append(("oauth2_token_file", .oauth2TokenFile(file))) }
        let keys = allowOAuth ? "password_file, password_env or oauth2_token_file" : "password_file or password_env"
        if sources.count > 1 {
            throw table.error(sources[1].0, "give only one of \(keys)")
        }
        if sources.isEmpty && required {
            throw table.error("password_file", "one of \(keys) is required")
        }
        return sources.first?.1
    }

    // MARK: - Helpers

    static func secondsSince1970(_ value: TOMLDateTime) -> Int64 {
        let days = CivilCalendar.daysFromCivil(year: Int64(value.date.year), month: Int64(value.date.month), day: Int64(value.date.day))
        let seconds = Int64(value.time.hour) * 3600 + Int64(value.time.minute) * 60 + Int64(value.time.second)
        return days * 86_400 + seconds - Int64(value.offset?.offset ?? 0) * 60
    }

    /// The bare address of `text` (`Name <a@b>` or `a@b`), nil when it has none.
    static func address(_ text: String) -> String? { mailbox(text)?.address }

    /// The one mailbox of `text` (`Name <a@b>` or `a@b`), its name decoded; nil unless it holds exactly one address.
    static func mailbox(_ text: String) -> MessageBuilder.Mailbox? {
        var defects = DefectSet()
        let parsed = AddressParser.parseList(Array(text.utf8), using: CharsetDecoder(), defects: &defects)
        guard parsed.count == 1, let address = parsed[0].address, address.contains("@") else { return nil }
        return MessageBuilder.Mailbox(name: parsed[0].name, address: address)
    }

    /// `+01:00`, `-05:30`, `+0100` → minutes east of UTC.
    static func offsetMinutes(_ text: String) -> Int? {
        let digits = text.filter { $0 != ":" }
        guard digits.count == 5, let sign = digits.first, sign == "+" || sign == "-",
              let hours = Int(digits.dropFirst().prefix(2)), let minutes = Int(digits.suffix(2)), hours <= 18, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    static func isIMAPAtom(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A)
                || ($0.value >= 0x61 && $0.value <= 0x7A) || "$-._".unicodeScalars.contains($0)
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
