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
    static let knownDisagreements: [String: String] = [:]

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

    @Test func agreesWithMailParserOnAtLeast98PercentAndEveryDisagreementIsExplained() throws {
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
        let agreement = Double(compared - disagreements.count) / Double(max(compared, 1))
        #expect(agreement >= 0.98, "agreement \(agreement) over \(compared) parses")
        print("mail-parser corpus: \(compared - disagreements.count)/\(compared) parses agree (\(String(format: "%.1f", agreement * 100))%)")
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
            if want != message.envelope.subject {
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
                if ours != text {
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
