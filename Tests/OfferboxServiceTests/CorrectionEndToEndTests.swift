import Foundation
import MIME
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// Issue 13 end to end: the real executable, the loopback Dovecot and Exim. A person's corrections
/// reach the applicants once each, also when the daemon is killed between a correction and its
/// reply, and `verify` passes after every one.
@Suite(.serialized, .timeLimit(.minutes(6))) struct CorrectionEndToEndTests {
    typealias P = PoisonMessageTests

    static func pdf(_ text: String) -> [UInt8] { Array("%PDF-1.4 \(text)".utf8) }

    static func runOnce(_ config: String) async throws {
        let run = try P.start(["run", "--once", "--config", config])
        let finished = try await P.waitFor(seconds: 90) { !run.isRunning }
        if !finished { kill(run.processIdentifier, SIGKILL) }
        #expect(finished && run.terminationStatus == 0, "run --once")
    }

    /// The replies that answer a message of this test (its tag in In-Reply-To), in the folder
    /// Dovecot files `user+tag@` mail into (the address's detail, as offerbox lowercased it).
    static func replies(to user: String, tag: String) async throws -> [Message] {
        try await LoopbackMail.messages(user: user, folder: tag.lowercased()).map(\.message)
            .filter { $0.envelope.inReplyTo?.contains(tag) == true }
    }

    static func command(_ arguments: [String], config: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: P.executable)
        process.arguments = arguments + ["--config", config]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func waitForReplies(_ user: String, tag: String, count: Int) async throws -> [Message] {
        var found: [Message] = []
        for _ in 0..<60 {
            found = try await replies(to: user, tag: tag)
            if found.count >= count { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        return found
    }

    @Test func aMissedCVIsReclassifiedAndExactlyOneCorrectedReceiptArrivesAcrossAKill() async throws {
        let (tag, config, database) = try P.newFolder()
        let applicant = "applicant1+\(tag)@example.test"
        let files = [("Letter of intent.pdf", Self.pdf("Letter of intent")), ("Workplan.pdf", Self.pdf("Workplan")),
                     ("Financial offer.pdf", Self.pdf("Financial offer")), ("scan0042.pdf", Self.pdf("scan"))]
        try LoopbackMail.deliver(P.mail(from: applicant, id: "offer-\(tag)@x", files: files), user: "secretariat", folder: tag,
                                 receivedAt: 1_655_720_000)
        try await Self.runOnce(config)
        #expect(try await Self.waitForReplies("applicant1", tag: tag, count: 1).count == 1, "the first receipt (incomplete)")

        let offerID = try #require(try OfferDatabase.open(path: database).offers().first?.publicID)
        let reclassified = try Self.command(["reclassify", offerID, "scan0042.pdf", "cv", "--reason", "the scan is her CV"], config: config)
        #expect(reclassified.status == 0 && reclassified.output.contains("incomplete → accepted"), "\(reclassified.output)")

        // The daemon is killed right after it starts: the corrected receipt, queued with the
        // correction, goes out with the next run, once.
        let daemon = try P.start(["run", "--config", config])
        try await Task.sleep(for: .milliseconds(150))
        kill(daemon.processIdentifier, SIGKILL)
        daemon.waitUntilExit()
        try await Self.runOnce(config)
        try await Self.runOnce(config)
        let replies = try await Self.waitForReplies("applicant1", tag: tag, count: 2)
        let corrected = replies.filter { $0.envelope.messageID?.hasPrefix("offerbox.correction.") == true }
        #expect(corrected.count == 1, "exactly one corrected receipt")
        #expect(corrected.first?.text?.contains("now registered as: CV (it was: other document)") == true)
        #expect(try OfferDatabase.open(path: database).offers().first?.status == .accepted)
        #expect(try Self.command(["verify"], config: config).status == 0, "verify after the correction")
    }

    @Test func aMergeAWithdrawalAndADeadlineExtensionAreRecordedAndTold() async throws {
        let (tag, config, database) = try P.newFolder()
        let first = "applicant2+\(tag)@example.test", second = "applicant2+\(tag)-work@example.test"
        let late = "applicant3+\(tag)@example.test"
        try LoopbackMail.deliver(P.mail(from: first, id: "half1-\(tag)@x", files: [("Letter of intent.pdf", Self.pdf("Letter")),
                                                                                  ("Workplan.pdf", Self.pdf("Workplan"))]),
                                 user: "secretariat", folder: tag, receivedAt: 1_655_720_000)
        try LoopbackMail.deliver(P.mail(from: second, id: "half2-\(tag)@x", files: [("Financial offer.pdf", Self.pdf("Financial offer")),
                                                                                   ("CV.pdf", Self.pdf("CV"))]),
                                 user: "secretariat", folder: tag, receivedAt: 1_655_720_100)
        // One hour after the deadline of the test's config (2022-06-27T23:00:00Z).
        try LoopbackMail.deliver(P.mail(from: late, id: "late-\(tag)@x", files: [("CV.pdf", Self.pdf("CV"))]),
                                 user: "secretariat", folder: tag, receivedAt: 1_656_374_400)
        try await Self.runOnce(config)
        let offers = try OfferDatabase.open(path: database).offers()
        let byAddress = Dictionary(uniqueKeysWithValues: offers.map { ($0.applicantAddress, $0) })
        let (kept, merged, lateOffer) = (try #require(byAddress[first.lowercased()]), try #require(byAddress[second.lowercased()]),
                                         try #require(byAddress[late.lowercased()]))
        #expect(lateOffer.status == .late)

        let merge = try Self.command(["merge", kept.publicID, merged.publicID, "--reason", "same applicant"], config: config)
        #expect(merge.status == 0 && merge.output.contains("incomplete → accepted"), "\(merge.output)")
        #expect(try Self.command(["verify"], config: config).status == 0, "verify after the merge")
        let withdraw = try Self.command(["withdraw", kept.publicID, "--reason", "she wrote to withdraw"], config: config)
        #expect(withdraw.status == 0, "\(withdraw.output)")
        #expect(try Self.command(["verify"], config: config).status == 0, "verify after the withdrawal")

        // The deadline moves two hours later: the late offer now counts, and its sender is told.
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "deadline = 2022-06-27T23:00:00Z", with: "deadline = 2022-06-28T01:00:00Z").utf8)
            .write(to: URL(fileURLWithPath: config))
        try await Self.runOnce(config)
        let opened = try OfferDatabase.open(path: database)
        #expect(try opened.offer(publicID: lateOffer.publicID)?.status == .incomplete, "no longer late")
        let toLate = try await Self.waitForReplies("applicant3", tag: tag, count: 2)
        #expect(toLate.filter { $0.envelope.messageID?.hasPrefix("offerbox.correction.") == true }.count == 1)
        // The first half's receipt, the merge's and the withdrawal's (the second half's went to its own address).
        let toKept = try await Self.waitForReplies("applicant2", tag: tag, count: 3)
        #expect(toKept.count == 3)
        #expect(toKept.filter { $0.envelope.messageID?.hasPrefix("offerbox.correction.") == true }.count == 2, "merge and withdrawal")
        #expect(try opened.offer(publicID: kept.publicID)?.withdrawnAt != nil)
        #expect(try opened.offer(publicID: merged.publicID)?.mergedInto == kept.id)
        #expect(try Self.command(["verify"], config: config).status == 0, "verify after the extension")

        // An earlier deadline than the one in force is refused at start.
        try Data(text.replacingOccurrences(of: "deadline = 2022-06-27T23:00:00Z", with: "deadline = 2022-06-27T22:00:00Z").utf8)
            .write(to: URL(fileURLWithPath: config))
        let refused = try Self.command(["run", "--once"], config: config)
        #expect(refused.status != 0 && refused.output.contains("earlier than the deadline in force"), "\(refused.output)")
    }
}
