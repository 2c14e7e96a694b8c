public import OfferCore
import Foundation
import MIME
import Mustache

/// Renders replies from Mustache templates into RFC 5322 bytes.
///
/// The templates are built into the binary (`Replies/Templates/KIND.mustache`, one copy in the
/// repository); the Secretariat may replace any of them with a file of the same name in the folder
/// `[replies] templates` names. Templates are plain text (`{{% CONTENT_TYPE: TEXT}}` is implied: no
/// HTML escaping). Every header is written by ``MessageBuilder``, so applicant text (names,
/// subjects) can never reach a reply's header unencoded.
public struct ReplyComposer: Sendable {
    private let templates: [ReplyKind: MustacheTemplate]
    /// Where each template came from: the path of an override, or nil for the built-in one.
    public let overridden: [ReplyKind: String]

    public struct TemplateError: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// The built-in templates, each replaced by `KIND.mustache` in `overrides` when that file is
    /// there. A folder that is named but missing is an error: the operator meant something by it.
    public init(overrides directory: String? = nil) throws(TemplateError) {
        if let directory {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
                throw TemplateError(file: directory, reason: "the templates folder named by [replies] templates does not exist")
            }
        }
        var templates: [ReplyKind: MustacheTemplate] = [:]
        var overridden: [ReplyKind: String] = [:]
        for kind in ReplyKind.allCases {
            var text = kind.builtInTemplate
            var source = "built-in \(kind.rawValue).mustache"
            if let directory {
                let path = (directory as NSString).appendingPathComponent("\(kind.rawValue).mustache")
                if FileManager.default.fileExists(atPath: path) {
                    do {
                        text = try String(contentsOfFile: path, encoding: .utf8)
                    } catch {
                        throw TemplateError(file: path, reason: "cannot read the template")
                    }
                    source = path
                    overridden[kind] = path
                }
            }
            do {
                templates[kind] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text)
            } catch {
                throw TemplateError(file: source, reason: "not a valid Mustache template (\(error))")
            }
        }
        self.templates = templates
        self.overridden = overridden
    }

    /// The reply's bytes.
    func compose(
        kind: ReplyKind, content: ReplyContent, from: MessageBuilder.Mailbox, to: MessageBuilder.Mailbox,
        originalSubject: String?, inReplyTo: String?, references: [String], messageID: String, date: MessageDate
    ) -> [UInt8] {
        var content = content
        // The reply speaks in the name it is sent from (`smtp.from`), never a name of the templates' own.
        if let name = from.name, !name.isEmpty { content.secretariat = name }
        let text = templates[kind]?.render(content.context) ?? ""
        var builder = MessageBuilder(from: from, to: [to], subject: Self.replySubject(originalSubject, title: content.callTitle),
                                     date: date, messageID: messageID, text: text)
        builder.inReplyTo = inReplyTo
        builder.references = Array((references + [inReplyTo].compactMap { $0 }).suffix(20))
        // RFC 3834: mark the reply automatic so that other responders stay silent; ask Exchange not to answer it.
        builder.extraFields = [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]
        return builder.build()
    }

    /// `Re: <original subject>` (RFC 3834 section 3.1.5), or one naming the call when there was none.
    static func replySubject(_ original: String?, title: String) -> String {
        guard let original, !original.split(separator: " ").isEmpty else { return "Re: your offer - \(title)" }
        let lowered = original.lowercased()
        return lowered.hasPrefix("re:") ? original : "Re: \(original)"
    }
}
