import Foundation
import MIME
import OfferCore
import OfferDocuments
import Testing

/// The labeled messages of fixtures/offers (written by scripts/testing/gen-offer-fixtures, labels decided
/// there by hand): every message must give exactly its multiset of kinds, its financial figures,
/// its defects and its hosted links.
@Suite("Labeled offer fixtures")
struct OfferFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../fixtures/offers").standardizedFileURL

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }

    struct Expectation {
        var kinds: [String]
        var financial: [[String: Any]]
        var defects: [String]
        var hostedLinks: Int?
    }

    static func expectation(_ name: String) throws -> Expectation {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".expected.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Expectation(kinds: (object["kinds"] as? [String]) ?? [], financial: (object["financial"] as? [[String: Any]]) ?? [],
                           defects: (object["defects"] as? [String]) ?? [], hostedLinks: object["hosted_links"] as? Int)
    }

    /// `worker`: the PDF workers (issue 11); nil: pdftotext, one process per PDF.
    static func analyze(_ name: String, worker: PDFWorkerPool? = nil) throws -> MessageDocuments {
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name + ".eml")))
        // The fixtures are offers to the ASToN call: its cap is what their `over_cap` is judged against.
        var configuration = DocumentAnalyzerConfiguration()
        configuration.budgetCap = Money(parsing: "25000 EUR")
        configuration.pdfWorker = worker
        return DocumentAnalyzer(configuration).analyze(MessageParser().parse(bytes))
    }

    /// What is wrong with one fixture's result, or nil when it is right.
    static func mismatch(_ name: String, worker: PDFWorkerPool? = nil) throws -> String? {
        let expected = try expectation(name)
        let result = try analyze(name, worker: worker)
        var problems: [String] = []
        let kinds = result.kinds.map(\.rawValue).sorted()
        if kinds != expected.kinds {
            let detail = result.documents.map { doc in
                "\(doc.filename ?? "(body \(doc.partPath))"): " + doc.decisions.map { "\($0.kind.rawValue) \($0.confidence) \($0.reasons)" }.joined(separator: " | ")
            }.joined(separator: "\n    ")
            problems.append("kinds \(kinds) != \(expected.kinds)\n    \(detail)")
        }
        let figures = result.documents.compactMap(\.financial)
        if !expected.financial.isEmpty {
            if figures.count != expected.financial.count {
                problems.append("\(figures.count) financial figure sets, expected \(expected.financial.count)")
            }
            for (got, want) in zip(figures, expected.financial) {
                let wanted = (
                    rate: (want["daily_rate"] as? NSNumber)?.doubleValue, days: (want["days"] as? NSNumber)?.doubleValue,
                    total: (want["total"] as? NSNumber)?.doubleValue, currency: want["currency"] as? String,
                    overCap: want["over_cap"] is NSNull ? nil : (want["over_cap"] as? Bool))
                if got.dailyRate?.units != wanted.rate || got.days != wanted.days || got.total?.units != wanted.total
                    || got.currency?.code != wanted.currency || got.overCap != wanted.overCap {
                    problems.append("figures rate \(got.dailyRate?.description ?? "-") days \(got.days.map { "\($0)" } ?? "-") total \(got.total?.description ?? "-") \(got.currency?.code ?? "-") over \(got.overCap.map { "\($0)" } ?? "nil") != \(want); \(got.reasons)")
                }
            }
        }
        for defect in expected.defects where !result.defects.names.contains(defect) {
            problems.append("missing defect \(defect) (got \(result.defects.names))")
        }
        if let links = expected.hostedLinks, links != result.hostedLinks.count {
            problems.append("\(result.hostedLinks.count) hosted links, expected \(links)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "\n  ")
    }

    @Test("there are at least 60 labeled messages")
    func enoughFixtures() {
        #expect(Self.names.count >= 60)
    }

    @Test("every labeled message gives exactly its kinds, figures, defects and links")
    func everyFixtureIsRight() throws {
        var right = 0
        var kindsRight = 0
        var failures: [String] = []
        for name in Self.names {
            let problem = try Self.mismatch(name)
            let expected = try Self.expectation(name)
            if try Self.analyze(name).kinds.map(\.rawValue).sorted() == expected.kinds { kindsRight += 1 }
            if let problem { failures.append("\(name): \(problem)") } else { right += 1 }
        }
        print("offer fixtures: \(kindsRight)/\(Self.names.count) with the right multiset of kinds, \(right)/\(Self.names.count) right in every respect")
        for failure in failures { print("  ✘ " + failure) }
        #expect(failures.isEmpty, "\(failures.count) fixtures wrong")
    }

    @Test("with the PDF workers instead of pdftotext, every labeled message is just as right")
    func everyFixtureIsRightWithTheWorkers() throws {
        let worker = PDFWorkerPool(program: PDFWorkerTests.worker)
        let failures = try Self.names.compactMap { name in try Self.mismatch(name, worker: worker).map { "\(name): \($0)" } }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
