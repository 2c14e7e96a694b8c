import Foundation
import MIME
import Testing

/// Conformance with the corpus of the Rust parser mail-parser (`../shared/corpus/mail-parser`, read in place).
///
/// For every message, in its LF and its CRLF form, the decoded subject, the From addresses and each
/// leaf part's decoded content must agree with the `.json` beside it (`.crlf.json` for the CRLF form).
/// Where we judge mail-parser wrong, the message is listed in ``knownDisagreements`` with the reason;
/// the test also fails when a listed message agrees after all, so the list stays honest.
@Suite struct MailParserCorpusTests {
    static let corpus: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/mail-parser")

    /// Messages where our reading differs from mail-parser's on purpose: `folder/NNN` → why.
    /// Each was checked against GMime 3 and Python's `email` (`../shared/bench`, `--dump`) as third opinions.
    static let knownDisagreements: [String: String] = [
        "legacy/017": "x-uuencode PNG part: mail-parser keeps the encoded text; we decode it (1298 bytes), as GMime and Python do",
        "legacy/026": "x-uuencode text part: mail-parser keeps the encoded text; we decode it, as GMime and Python do",
        "legacy/048": "x-uuencode PNG part: mail-parser keeps the encoded text; we decode it (1453 bytes), as GMime and Python do",
        "legacy/049 (LF)": "mail-parser drops the body's final line feed in the LF form only (its CRLF form agrees with us)",
        "malformed/000": "delimiter lines with headers but no bodies: mail-parser reports no leaf; GMime, Python and we report three empty parts",
        "malformed/001": "nested boundary 'a' inside 'ab': mail-parser matches '--ab' as a delimiter of 'a' by prefix; RFC 2046 5.1.1 matches the whole line, so '--ab' closes the inner multipart and '--a' stays text (every reference parser differs here)",
        "malformed/004": "outer boundary 'a' only appears as '--ab'/'--ac': mail-parser matches by prefix; we keep the body as one text leaf, as Python does",
        "malformed/007": "nested multipart without the blank line after its headers: one empty text part, as Python reads it; mail-parser reports two",
        "malformed/009": "unclosed nested multiparts: we find the same three parts as GMime, mail-parser two",
        "malformed/011": "unclosed nested multiparts: we find the same three parts as GMime, mail-parser two",
        "malformed/012": "unclosed nested multiparts: we find the same three parts as GMime, mail-parser two",
        "malformed/016": "unclosed nested multiparts: we find the same two parts as GMime (1 and 231 bytes), mail-parser four",
        "malformed/019": "fuzzed message: a part whose text line lacks the blank line before it: we keep the line as body rather than drop it as a broken header, as mail-parser and GMime do",
        "malformed/020": "multipart/alternative missing its first delimiter: we find the parts after it, as Python does; mail-parser joins them",
        "malformed/021": "multipart/alternative missing its first delimiter: we find the parts after it, as Python does; mail-parser joins them",
        "rfc/000": "RFC 2046 example with placeholder prose in a base64 part: mail-parser keeps the prose, we decode it as base64 skipping junk, as GMime and Python do",
        "thirdparty/002": "junk after base64 padding ('== ignored', '?garbage'): mail-parser decodes the junk into bytes; we skip it, with Python's sizes (13 and 5 bytes)",
        "thirdparty/005 (CRLF)": "UTF-16LE text part with an odd final byte: mail-parser drops the byte, we show U+FFFD",
        "thirdparty/005 (LF)": "'invalid--1--' ends the last line without a line break: mail-parser cuts it at '--1--' mid-line; RFC 2046 delimiters start a line, so we keep 'invalid--1--' as GMime does",
        "thirdparty/015": "forwarded messages truncated inside their multipart headers: we keep each attached message's empty parts, as Python does (GMime and mail-parser drop them)",
    ]

    static var messages: [String] {
        let folders = ["rfc", "legacy", "thirdparty", "malformed"]
        return folders.flatMap { folder -> [String] in
            let directory = corpus.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".eml") }.sorted().map { "\(folder)/\($0.dropLast(4))" }
        }
    }

    @Test func corpusIsPresent() {
        #expect(Self.messages.count >= 100, "expected the mail-parser corpus at \(Self.corpus.path)")
    }

    @Test func agreesWithMailParserWhereverADisagreementIsNotExplained() throws {
        var disagreements: [String: String] = [:]
        var compared = 0
        for name in Self.messages {
            let raw = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(name + ".eml")))
            for form in LineEndForm.allCases {
                let expectedURL = Self.corpus.appendingPathComponent(name + form.jsonSuffix)
                guard let expected = try? JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any] else {
                    continue
                }
                compared += 1
                let bytes = form.convert(raw)
                let message = MessageParser().parse(bytes)
                if let difference = CorpusComparison.difference(message, expected) {
                    disagreements["\(name)\(form.label)"] = difference
                }
            }
        }
        #expect(compared >= 200)
        let unexplained = disagreements.filter { key, _ in
            Self.knownDisagreements[key] == nil && Self.knownDisagreements[String(key.split(separator: " ")[0])] == nil
        }
        for (key, difference) in unexplained.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(key): \(difference)")
        }
        let stale = Self.knownDisagreements.keys.filter { key in
            !disagreements.keys.contains { $0 == key || $0.hasPrefix(key + " ") }
        }
        #expect(stale.isEmpty, "listed as disagreeing but now agree: \(stale.sorted())")
        // A message agrees when both its LF and CRLF forms agree.
        let messageCount = Self.messages.count
        let disagreeingMessages = Set(disagreements.keys.map { String($0.split(separator: " ")[0]) })
        let agreement = Double(messageCount - disagreeingMessages.count) / Double(max(messageCount, 1))
        // Every remaining disagreement is listed above; most are mail-parser readings that GMime and
        // Python do not share either. This bound guards against regressions.
        #expect(agreement >= 0.80, "agreement \(agreement) over \(messageCount) messages")
        print("mail-parser corpus: \(messageCount - disagreeingMessages.count)/\(messageCount) messages agree (\(String(format: "%.1f", agreement * 100))%), \(compared - disagreements.count)/\(compared) parses")
    }
}

enum LineEndForm: CaseIterable {
    case lf, crlf

    var jsonSuffix: String { self == .lf ? ".json" : ".crlf.json" }
    var label: String { self == .lf ? " (LF)" : " (CRLF)" }

    /// mail-parser's own test strips CR, then for the CRLF form writes CRLF at every line end.
    func convert(_ raw: [UInt8]) -> [UInt8] {
        var lf: [UInt8] = []
        lf.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == 0x0D, index + 1 < raw.count, raw[index + 1] == 0x0A { index += 1; continue }
            lf.append(raw[index])
            index += 1
        }
        guard self == .crlf else { return lf }
        var crlf: [UInt8] = []
        crlf.reserveCapacity(lf.count + lf.count / 20)
        for byte in lf {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        return crlf
    }
}

/// Compares our parse with mail-parser's JSON: subject, From, and each leaf's decoded content.
enum CorpusComparison {
    static func difference(_ message: Message, _ expected: [String: Any]) -> String? {
        guard let parts = expected["parts"] as? [[String: Any]], let top = parts.first else { return "no parts in JSON" }
        let headers = top["headers"] as? [[String: Any]] ?? []
        if let subject = headers.first(where: { $0["name"] as? String == "subject" }) {
            let want = (subject["value"] as? [String: Any])?["Text"] as? String
            if !CorpusComparison.sameText(want, message.envelope.subject) {
                return "subject: want \(want.debugDescription), got \(message.envelope.subject.debugDescription)"
            }
        }
        if let from = headers.first(where: { $0["name"] as? String == "from" }) {
            let want = addresses(from["value"])
            let got = message.envelope.from.map { Pair(name: $0.name, address: $0.address) }
            if want != got { return "from: want \(want), got \(got)" }
        }
        let wantLeaves = leaves(expected)
        let gotLeaves = message.leaves
        if wantLeaves.count != gotLeaves.count {
            return "leaf count: want \(wantLeaves.count), got \(gotLeaves.count)"
        }
        let decoder = CharsetDecoder()
        for (index, (want, got)) in zip(wantLeaves, gotLeaves).enumerated() {
            var defects = DefectSet()
            let bytes = got.decodedBody(defects: &defects)
            switch want {
            case .text(let text):
                let ours = decoder.decode(bytes, charset: got.declaredCharset).text
                if !sameText(text, ours) {
                    return "leaf \(index + 1) (\(got.path)) text differs: want \(text.prefix(60).debugDescription)…, got \(ours.prefix(60).debugDescription)…"
                }
            case .binary(let data):
                if data != bytes {
                    return "leaf \(index + 1) (\(got.path)) bytes differ: want \(data.count) bytes, got \(bytes.count)"
                }
            }
        }
        return nil
    }

    /// Equal, where a U+FFFD in mail-parser's text stands for one character we could decode.
    ///
    /// mail-parser replaces bytes it cannot read (raw latin-1 in a header, bytes a charset lacks)
    /// with U+FFFD; we decode them (windows-1252 guess, WHATWG mappings) and record a defect. Reading
    /// a character where the reference has none is not a disagreement about the message's content.
    static func sameText(_ reference: String?, _ ours: String?) -> Bool {
        guard let reference, let ours else { return reference == nil && ours == nil }
        if reference == ours { return true }
        guard reference.unicodeScalars.contains("\u{FFFD}") else { return false }
        let want = Array(reference.unicodeScalars), got = Array(ours.unicodeScalars)
        guard want.count == got.count else { return false }
        return zip(want, got).allSatisfy { $0 == $1 || $0 == "\u{FFFD}" }
    }

    struct Pair: Equatable, CustomStringConvertible {
        var name: String?
        var address: String?
        var description: String { "\(name ?? "nil") <\(address ?? "nil")>" }
    }

    enum Leaf {
        case text(String)
        case binary([UInt8])
    }

    static func addresses(_ value: Any?) -> [Pair] {
        guard let address = (value as? [String: Any])?["Address"] as? [String: Any] else { return [] }
        func pair(_ entry: [String: Any]) -> Pair {
            Pair(name: entry["name"] as? String, address: entry["address"] as? String)
        }
        if let list = address["List"] as? [[String: Any]] { return list.map(pair) }
        if let groups = address["Group"] as? [[String: Any]] {
            return groups.flatMap { ($0["addresses"] as? [[String: Any]] ?? []).map(pair) }
        }
        return []
    }

    /// mail-parser's leaves in depth-first order, descending into attached messages.
    static func leaves(_ message: [String: Any]) -> [Leaf] {
        guard let parts = message["parts"] as? [[String: Any]], !parts.isEmpty else { return [] }
        var result: [Leaf] = []
        func visit(_ index: Int) {
            guard index < parts.count, let body = parts[index]["body"] as? [String: Any] else { return }
            if let children = body["Multipart"] as? [Int] {
                children.forEach(visit)
            } else if let inner = body["Message"] as? [String: Any] {
                result += leaves(inner)
            } else if let text = body["Text"] as? String {
                result.append(.text(text))
            } else if let html = body["Html"] as? String {
                result.append(.text(html))
            } else if let binary = (body["Binary"] ?? body["InlineBinary"]) as? [Int] {
                result.append(.binary(binary.map { UInt8(truncatingIfNeeded: $0) }))
            }
        }
        visit(0)
        return result
    }
}
