import Foundation
import MIME
import Mustache

/// Renders replies from the Secretariat's Mustache templates into RFC 5322 bytes.
///
/// Templates are plain text (`{{% CONTENT_TYPE: TEXT}}` is implied: no HTML escaping); the
/// Secretariat edits them in `config/templates/`. Every header is written by ``MessageBuilder``,
/// so applicant text (names, subjects) can never reach a reply's header unencoded.
public struct ReplyComposer: @unchecked Sendable {
    private let templates: [ReplyKind: MustacheTemplate]

    public struct TemplateError: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// Loads `acknowledgment.mustache`, `incomplete.mustache` and `late.mustache` from `directory`.
    public init(directory: String) throws {
        var templates: [ReplyKind: MustacheTemplate] = [:]
        for kind in ReplyKind.allCases {
            let path = (directory as NSString).appendingPathComponent("\(kind.rawValue).mustache")
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw TemplateError(file: path, reason: "cannot read the template")
            }
            do {
                templates[kind] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text)
            } catch {
                throw TemplateError(file: path, reason: "not a valid Mustache template (\(error))")
            }
        }
        self.templates = templates
    }

    /// The reply's bytes.
    func compose(
        kind: ReplyKind, content: ReplyContent, from: MessageBuilder.Mailbox, to: MessageBuilder.Mailbox,
        originalSubject: String?, inReplyTo: String?, references: [String], messageID: String, date: MessageDate
    ) -> [UInt8] {
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
