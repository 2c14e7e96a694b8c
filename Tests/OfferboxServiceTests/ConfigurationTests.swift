import Foundation
import OfferCore
import OfferboxService
import Testing

@Suite struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var badConfigs: [String] {
        let directory = root.appendingPathComponent("fixtures/config/bad")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test func theShippedConfigurationIsTheASToNCall() throws {
        let loaded = try Configuration.load(path: Self.root.appendingPathComponent("config/offerbox.toml").path)
        let call = loaded.configuration.call
        #expect(call.reference == "ASTON-2022")
        // 27 June 2022, midnight CET (UTC+1) = 2022-06-27T23:00:00Z
        #expect(call.deadline == 1_656_370_800)
        #expect(call.requiredDocuments == [.letterOfIntent, .workplan, .financialOffer, .cv])
        #expect(call.budgetCap == Money(units: 25_000, currency: .euro))
        #expect(loaded.configuration.mailboxes.count == 2)
        // Replies in doubt after a crash are settled by their copy in the first mailbox.
        #expect(loaded.configuration.replies.copyTo == loaded.configuration.mailboxes[0].username)
        #expect(loaded.configuration.replies.confirmWaitSeconds == 600)
        #expect(loaded.warnings.isEmpty)
    }

    /// Issue 9: the cap was validated by one reader at load and parsed by another later, which
    /// silently replaced what it could not read by ASToN's 25,000 EUR; and no cap meant ASToN's.
    @Test func theBudgetCapIsParsedOnceAtLoadAndHasNoDefault() throws {
        let base = try String(contentsOfFile: Self.root.appendingPathComponent("fixtures/config/good/minimal.toml").path, encoding: .utf8)
        #expect(try Configuration.parse(base, file: "minimal.toml").configuration.call.budgetCap == nil)
        let francs = base.replacingOccurrences(of: "[call]\n", with: "[call]\nbudget_cap = \"16 398 925 FCFA\"\n")
        #expect(try Configuration.parse(francs, file: "f.toml").configuration.call.budgetCap == Money(units: 16_398_925, currency: .cfaFrancWest))
        let unknown = base.replacingOccurrences(of: "[call]\n", with: "[call]\nbudget_cap = \"25000 QQQ\"\n")
        #expect(throws: ConfigurationError.self) { try Configuration.parse(unknown, file: "q.toml") }
    }

    @Test func aMinimalConfigurationTakesTheDefaults() throws {
        let loaded = try Configuration.load(path: Self.root.appendingPathComponent("fixtures/config/good/minimal.toml").path)
        let configuration = loaded.configuration
        #expect(configuration.mailboxes[0].pollIntervalSeconds == 60)
        #expect(configuration.mailboxes[0].storedKeyword == "$OfferboxStored")
        #expect(configuration.mailboxes[0].idle)
        #expect(!configuration.mailboxes[0].allowPlaintext)
        #expect(configuration.mailboxes[0].secret == .environment("OFFERBOX_IMAP_PASSWORD"))
        #expect(configuration.store.database == "/var/lib/offerbox/offers.sqlite")
        #expect(configuration.replies.dailyLimitPerAddress == 5)
        #expect(configuration.call.requiredDocuments.count == 4)
        #expect(configuration.smtp.secret == nil)
    }

    @Test(arguments: badConfigs)
    func aBadConfigurationIsRefusedNamingTheKeyAndLine(name: String) throws {
        let directory = Self.root.appendingPathComponent("fixtures/config/bad/\(name)")
        let expected = try String(contentsOf: directory.appendingPathComponent("expected-error"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let path = directory.appendingPathComponent("offerbox.toml").path
        #expect {
            _ = try Configuration.load(path: path)
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix(path) && text.contains(expected)
        }
    }

    @Test func aDeadlineWithAnOffsetIsConvertedToUTC() throws {
        let text = """
            [call]
            reference = "X"
            title = "X"
            deadline = 2022-06-28T00:00:00+01:00
            [[mailbox]]
            url = "imap://127.0.0.1:10143/INBOX"
            username = "u"
            password_file = "/p"
            allow_plaintext = true
            [smtp]
            url = "smtp://mail.example.org"
            from = "x@example.org"
            allow_plaintext = true
            """
        let loaded = try Configuration.parse(text, file: "inline.toml")
        #expect(loaded.configuration.call.deadline == 1_656_370_800)
        #expect(loaded.configuration.call.deadlineOffsetMinutes == 60)
        // Plaintext on loopback is quiet; plaintext to another host is warned about.
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.hasPrefix("smtp.allow_plaintext") == true)
    }

    @Test func aMissingFileIsAConfigurationError() {
        #expect(throws: ConfigurationError.self) { try Configuration.load(path: "/nonexistent/offerbox.toml") }
    }

    @Test func errorsNeverQuoteASecretValue() throws {
        let text = """
            [call]
            reference = "X"
            title = "X"
            deadline = 2022-06-27T23:00:00Z
            [[mailbox]]
            url = "imaps://mail.example.org/INBOX"
            username = "u"
            password_file = "/p"
            password = "hunter2-secret"
            [smtp]
            url = "smtps://mail.example.org"
            from = "x@example.org"
            """
        #expect {
            _ = try Configuration.parse(text, file: "inline.toml")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("mailbox[1].password: unknown key") && !text.contains("hunter2")
        }
    }

    @Test func anErrorNamesTheLineInAFileWrittenOnWindows() throws {
        let lines = ["[call]", "reference = \"X\"", "title = \"X\"", "deadline = 2022-06-27T23:00:00Z", "colour = \"blue\""]
        for separator in ["\n", "\r\n"] {
            #expect {
                _ = try Configuration.parse(lines.joined(separator: separator), file: "inline.toml")
            } throws: { error in
                (error as? ConfigurationError)?.line == 5 && String(describing: error).contains("call.colour")
            }
        }
    }
}
