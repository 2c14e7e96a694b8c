@testable import OfferboxService
import Testing

/// The names `export-documents` writes under, for the file names applicants actually send and the
/// ones a hostile applicant would.
@Suite struct ExportNameAllocatorTests {
    static let manifest = "MANIFEST.sha256"

    /// What every allocated name must be, whatever was asked for.
    static func expectSafe(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!name.isEmpty, sourceLocation: sourceLocation)
        #expect(name != "." && name != "..", sourceLocation: sourceLocation)
        #expect(!name.hasPrefix("."), "hidden: \(name)", sourceLocation: sourceLocation)
        #expect(name.utf8.count <= 255, "\(name.utf8.count) bytes", sourceLocation: sourceLocation)
        #expect(!name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value == 0 }, sourceLocation: sourceLocation)
        #expect(!name.unicodeScalars.contains { ExportNameAllocator.isInvisible($0) }, sourceLocation: sourceLocation)
        #expect(name.lowercased() != manifest.lowercased(), sourceLocation: sourceLocation)
    }

    @Test func anOrdinaryNameIsKeptAsItIs() {
        var names = ExportNameAllocator(reserved: [Self.manifest])
        #expect(names.allocate("cv - CV Awa Diallo.pdf") == "cv - CV Awa Diallo.pdf")
        #expect(names.allocate("workplan - Plan de travail – Dakar.docx") == "workplan - Plan de travail – Dakar.docx")
    }

    /// The old exporter looped forever here: its second name, shortened from the front, was the first again.
    @Test func twoLongIdenticalNamesGetDistinctNamesWithinTheLimit() {
        var names = ExportNameAllocator(reserved: [Self.manifest])
        let long = "cv - " + String(repeating: "Curriculum vitae ", count: 15) + ".pdf"
        #expect(long.utf8.count > 250)
        let given = (0..<5).map { _ in names.allocate(long) }
        #expect(Set(given.map { $0.lowercased() }).count == 5, "\(given)")
        for name in given {
            Self.expectSafe(name)
            #expect(name.hasSuffix(".pdf"), "the extension is kept: \(name)")
        }
        #expect(given[1].hasSuffix(" (2).pdf"))
        #expect(given[4].hasSuffix(" (5).pdf"))
        #expect(given[4].utf8.count == 255)
    }

    @Test func namesThatDifferOnlyInCaseOrInHowTheyAreSpelledAreDistinct() {
        var names = ExportNameAllocator()
        let first = names.allocate("cv - CV.pdf")
        let second = names.allocate("cv - cv.PDF")
        #expect(first == "cv - CV.pdf")
        #expect(second == "cv - cv (2).PDF")
        // A precomposed é and an e with a combining accent are the same name to a person and to macOS.
        let composed = names.allocate("Offre financi\u{E9}re.xlsx")
        let decomposed = names.allocate("Offre financie\u{301}re.xlsx")
        #expect(composed != decomposed)
        #expect(decomposed.hasSuffix(" (2).xlsx"), "\(decomposed)")
    }

    @Test(arguments: ["..", ".", "", "...", "/", "\u{202E}", "\u{200B}\u{FEFF}", " "])
    func aNameThatIsNothingOnceCleanedBecomesUnnamed(wanted: String) {
        var names = ExportNameAllocator()
        let name = names.allocate(wanted)
        Self.expectSafe(name)
        #expect(name == "unnamed" || name == "_", "\(name)")
    }

    @Test func aNameThatWouldBeDotDotAfterShorteningIsNot() {
        // One enormous character (a letter with 150 combining accents, 301 bytes) then "..":
        // shortened from the front as the old exporter did, this left "..".
        let giant = "e" + String(repeating: "\u{301}", count: 150)
        var names = ExportNameAllocator()
        let name = names.allocate(giant + "..")
        Self.expectSafe(name)
    }

    @Test func theManifestsNameIsNeverGiven() {
        var names = ExportNameAllocator(reserved: [Self.manifest])
        let exact = names.allocate("MANIFEST.sha256")
        let otherCase = names.allocate("manifest.SHA256")
        for name in [exact, otherCase] { Self.expectSafe(name) }
        #expect(exact == "MANIFEST (2).sha256")
        #expect(otherCase == "manifest (3).SHA256")
    }

    @Test func aRightToLeftOverrideCannotDisguiseAProgramAsAPDF() {
        var names = ExportNameAllocator()
        // Shown by a bidi-aware viewer as "cv - CVexe.pdf".
        let name = names.allocate("cv - CV\u{202E}fdp.exe")
        #expect(name == "cv - CVfdp.exe")
        Self.expectSafe(name)
    }

    @Test(arguments: [
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}",
        "\u{0001}", "\u{001F}", "\u{007F}", "\u{0085}", "\r", "\n", "\t", "\u{2028}", "\u{2029}", "\u{E0001}",
    ])
    func everyInvisibleOrControlCharacterIsRemoved(character: String) {
        var names = ExportNameAllocator()
        #expect(names.allocate("CV\(character)Awa.pdf") == "CVAwa.pdf")
    }

    @Test func separatorsAndNULAreReplaced() {
        var names = ExportNameAllocator()
        #expect(names.allocate("../../etc/passwd") == "_.._etc_passwd")
        #expect(names.allocate("..\\..\\boot.ini") == "_.._boot.ini")
        #expect(names.allocate("cv\u{0}.pdf") == "cv_.pdf")
    }

    @Test func aLeadingDotIsRemovedEvenWithACombiningMark() {
        var names = ExportNameAllocator()
        let name = names.allocate(".\u{301}bashrc")
        Self.expectSafe(name)
        #expect(names.allocate(".hidden.pdf") == "hidden.pdf")
    }

    @Test func multiByteNamesAreCutBetweenCharactersWithin255Bytes() {
        var names = ExportNameAllocator()
        // 3-byte and 4-byte characters: a cut at byte 255 would land inside one.
        let arabic = "cv - " + String(repeating: "سيرة ذاتية ", count: 30) + ".pdf"
        let emoji = String(repeating: "🚀", count: 100) + ".docx"
        for wanted in [arabic, arabic, emoji, emoji] {
            let name = names.allocate(wanted)
            Self.expectSafe(name)
            #expect(name.utf8.count > 240, "no more is cut than needed: \(name.utf8.count)")
            // Valid UTF-8 whose characters all come from the original (no half character).
            #expect(String(validating: Array(name.utf8), as: UTF8.self) == name)
            #expect(name.unicodeScalars.allSatisfy { wanted.unicodeScalars.contains($0) || " (2)".unicodeScalars.contains($0) })
        }
    }

    @Test func aCharacterLongerThanTheLimitIsCutBetweenItsScalars() {
        var names = ExportNameAllocator()
        let giant = "a" + String(repeating: "\u{301}", count: 400)
        let name = names.allocate(giant)
        Self.expectSafe(name)
        #expect(name.unicodeScalars.starts(with: "a\u{301}".unicodeScalars))
        #expect(name.utf8.count >= 254)
    }

    @Test func manyCollisionsStillFinishWithDistinctNames() {
        var names = ExportNameAllocator(reserved: [Self.manifest])
        let long = String(repeating: "x", count: 300) + ".pdf"
        var given: Set<String> = []
        for _ in 0..<200 { given.insert(names.allocate(long)) }
        #expect(given.count == 200)
        for name in given { Self.expectSafe(name) }
    }
}
