import ArgumentParser
import Foundation
import OfferStore
import OfferCore
import OfferboxService

/// `offerbox pending [--all]`: the messages that wait for a person (held senders, quarantined
/// messages, correspondence), with the id `release` and `dismiss` take.
struct PendingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending", abstract: "List the messages that wait for a person: held, quarantined, correspondence.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "Also the messages already decided, with who decided, when and why.") var all = false

    func run() throws {
        let loaded = try options.load()
        let database = try options.openDatabase(loaded.configuration)
        var output = StandardOutput()
        for (review, message) in try database.reviews(includeDecided: all) {
            var line = "\(message.id ?? 0)  \(review.kind.rawValue.padding(14))  \(TimeText.rfc3339(message.internalDate))  "
                + TerminalText.safe(message.fromAddress ?? "(unparsed)") + "  \"" + TerminalText.safe(String((message.subject ?? "").prefix(200))) + "\""
            line += "\n    " + TerminalText.safe(review.reason)
            if let decision = review.decision {
                line += "\n    \(decision.rawValue) by \(TerminalText.safe(review.decidedBy ?? "?")) at \(review.decidedAt.map(TimeText.rfc3339) ?? "?"): "
                    + TerminalText.safe(review.note ?? "")
            }
            output.write(Array((line + "\n").utf8))
        }
        output.flush()
    }
}

/// `offerbox release MESSAGE --reason TEXT`: a held, quarantined or correspondence message is the
/// applicant's mail after all: it is processed (counted, answered) by the usual rules.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Process a held, quarantined or correspondence message as the applicant's mail (an event: who and why).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The message: its number in `offerbox pending`, or its Message-ID.") var message: String
    @Option(name: .long, help: "Why (recorded with your login name).") var reason: String

    func run() throws {
        try ReviewTarget.decide(message, options: options) { pipeline, rowID, person, now in
            let outcome = try pipeline.release(messageRowID: rowID, by: person, note: reason, now: now)
            return "message \(rowID) released: \(outcome.category?.rawValue ?? "-")\(outcome.offerID.map { ", offer \($0)" } ?? "")"
                + "\(outcome.replyKind.map { ", \($0.rawValue) reply queued" } ?? ", no reply"): \(TerminalText.safe(outcome.reason))"
        }
    }
}

/// `offerbox dismiss MESSAGE --reason TEXT`: the message stays stored, never counted, never answered.
struct DismissCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss", abstract: "Leave a held, quarantined or correspondence message uncounted and unanswered (an event: who and why).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The message: its number in `offerbox pending`, or its Message-ID.") var message: String
    @Option(name: .long, help: "Why (recorded with your login name).") var reason: String

    func run() throws {
        try ReviewTarget.decide(message, options: options) { pipeline, rowID, person, now in
            try pipeline.dismiss(messageRowID: rowID, by: person, note: reason, now: now)
            return "message \(rowID) dismissed"
        }
    }
}

/// `offerbox answered MESSAGE --reason TEXT`: a person answered a question themselves.
struct AnsweredCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answered", abstract: "Record that a person answered a waiting message (a question) themselves (an event: who and why).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The message: its number in `offerbox pending`, or its Message-ID.") var message: String
    @Option(name: .long, help: "How it was answered (recorded with your login name).") var reason: String

    func run() throws {
        try ReviewTarget.decide(message, options: options) { pipeline, rowID, person, now in
            try pipeline.answered(messageRowID: rowID, by: person, note: reason, now: now)
            return "message \(rowID) answered by \(person)"
        }
    }
}

enum ReviewTarget {
    /// Resolves `text`, runs `decision` as the current person, prints what it returns; a refused
    /// decision (nothing waits, already decided) ends the command with its reason and status 1.
    static func decide(_ text: String, options: ConfigOptions,
                       _ decision: (IntakePipeline, Int64, String, Int64) throws -> String) throws {
        let (pipeline, rowID) = try resolve(text, options: options)
        do {
            print(try decision(pipeline, rowID, Person.current(), Int64(Date().timeIntervalSince1970)))
        } catch let error as ReviewError {
            StandardError.print("offerbox: \(error)")
            throw ExitCode(1)
        } catch let error as CorrectionError {
            StandardError.print("offerbox: \(TerminalText.safe(error.description))")
            throw ExitCode(1)
        }
    }

    /// The pipeline over the configured store, and the row of the message `text` names.
    static func resolve(_ text: String, options: ConfigOptions) throws -> (IntakePipeline, Int64) {
        let (pipeline, database) = try pipeline(options: options)
        if let id = Int64(text), try database.message(id: id) != nil { return (pipeline, id) }
        let bare = text.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        let matches = try database.messages(messageID: bare)
        guard let first = matches.first?.id else {
            StandardError.print("offerbox: no stored message \(TerminalText.safe(text)) (see offerbox pending)")
            throw ExitCode(1)
        }
        guard matches.count == 1 else {
            StandardError.print("offerbox: \(matches.count) stored messages have the Message-ID \(TerminalText.safe(bare)): give the number from offerbox pending")
            throw ExitCode(1)
        }
        return (pipeline, first)
    }

    /// Runs a correction of an offer as the current person, prints what it returns; a refused
    /// correction ends the command with its reason and status 1.
    static func correct(options: ConfigOptions, _ correction: (IntakePipeline, String, Int64) throws -> String) throws {
        let (pipeline, _) = try pipeline(options: options)
        do {
            print(try correction(pipeline, Person.current(), Int64(Date().timeIntervalSince1970)))
        } catch let error as CorrectionError {
            StandardError.print("offerbox: \(TerminalText.safe(error.description))")
            throw ExitCode(1)
        }
    }

    /// The pipeline a person's decision goes through, over the configured store.
    static func pipeline(options: ConfigOptions) throws -> (IntakePipeline, OfferDatabase) {
        let loaded = try options.load()
        let configuration = loaded.configuration
        let database = try options.openDatabase(configuration)
        let composer: ReplyComposer
        do {
            composer = try ReplyComposer(overrides: configuration.replies.templates)
        } catch {
            StandardError.print("offerbox: \(error)")
            throw ExitCode(ExitStatus.configuration)
        }
        return (IntakePipeline(configuration: configuration, database: database, composer: composer), database)
    }
}

/// Who is deciding: the user who ran sudo, else the login user.
enum Person {
    static func current() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let sudo = environment["SUDO_USER"], !sudo.isEmpty { return sudo }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }
}
