import Foundation
import MIME
@testable import OfferboxCLI
import OfferboxService
import Testing

/// Golden tests over `fixtures/mime/`: messages in the shapes real clients produce.
///
/// Each `NAME.eml` has a `NAME.expected.json` written from an independent reference (Python's
/// `email` package, reviewed by hand; see `fixtures/mime/README.md`). The `parse --json` object
/// of the message must match it field for field; on a mismatch `NAME.actual.json` is written
/// beside it for review.
@Suite struct ClientFixtureTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("fixtures/mime")

    static var names: [String] {
        guard let walker = FileManager.default.enumerator(atPath: fixtures.path) else { return [] }
        var names: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".eml") { names.append(String(path.dropLast(4))) }
        }
        return names.sorted()
    }

    @Test func thereAreFixturesForEveryCommonClient() {
        #expect(Self.names.count >= 30)
    }

    @Test(arguments: names)
    func parseMatchesTheGolden(name: String) throws {
        let raw = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(name + ".eml")))
        let goldenURL = Self.fixtures.appendingPathComponent(name + ".expected.json")
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: goldenURL)) as? [String: Any])
        let report = MessageReport(source: name, message: MessageParser().parse(raw))
        var writer = JSONWriter()
        report.write(to: &writer)
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])

        var mismatches: [String] = []
        for key in ["message_id", "from", "reply_to", "to", "cc", "subject", "date", "in_reply_to", "references",
                    "auto_submitted", "parts"] where golden[key] != nil {
            if !Self.equal(golden[key], actual[key]) { mismatches.append(key) }
        }
        if let prefix = golden["text_prefix"] as? String {
            // Compared with white space collapsed: line breaks, flowed text and HTML spacing are not the point.
            let text = Self.collapsingWhiteSpace(actual["text"] as? String ?? "")
            if !text.hasPrefix(Self.collapsingWhiteSpace(prefix)) { mismatches.append("text_prefix") }
        }
        let defects = Set(actual["defects"] as? [String] ?? [])
        let required = Set(golden["defects_must_include"] as? [String] ?? [])
        if !required.isSubset(of: defects) { mismatches.append("defects_must_include \(required.subtracting(defects).sorted())") }

        let actualURL = Self.fixtures.appendingPathComponent(name + ".actual.json")
        if mismatches.isEmpty {
            try? FileManager.default.removeItem(at: actualURL)
        } else {
            let pretty = try JSONSerialization.data(withJSONObject: actual, options: [.prettyPrinted, .sortedKeys])
            try pretty.write(to: actualURL)
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.joined(separator: ", ")) differ; see \(actualURL.path)")
    }

    static func collapsingWhiteSpace(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    /// JSON equality through Foundation's bridged values (null, numbers, strings, arrays, objects).
    static func equal(_ lhs: Any?, _ rhs: Any?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (is NSNull, is NSNull), (is NSNull, nil), (nil, is NSNull): return true
        case let (l as [Any], r as [Any]): return l.count == r.count && zip(l, r).allSatisfy { equal($0, $1) }
        case let (l as [String: Any], r as [String: Any]):
            return Set(l.keys) == Set(r.keys) && l.keys.allSatisfy { equal(l[$0], r[$0]) }
        case let (l as NSNumber, r as NSNumber): return l == r
        case let (l as String, r as String): return l == r
        default: return false
        }
    }
}
