import Foundation
import Testing
@testable import MailTransport

/// The pure parts of the IMAP client: what it reads from the server and writes in commands.
@Suite struct IMAPParsingTests {
    @Test("UID sets are written compact, sorted, without duplicates", arguments: [
        ([UInt32](), ""), ([7], "7"), ([3, 1, 2, 2, 5, 9, 10, 11], "1:3,5,9:11"),
        ([UInt32.max, UInt32.max - 1, 1], "1,4294967294:4294967295"),
    ])
    func uidSetFormat(uids: [UInt32], expected: String) {
        #expect(UIDSet.format(uids) == expected)
    }

    @Test("UID sets are read back, reversed ranges included; junk is refused; expansion is bounded")
    func uidSetParse() {
        #expect(UIDSet.parse("1:3,5,11:9") == [1, 2, 3, 5, 9, 10, 11])
        #expect(UIDSet.parse("1:*") == nil)
        #expect(UIDSet.parse("a") == nil)
        #expect(UIDSet.parse("1:2:3") == nil)
        #expect(UIDSet.parse("1:4294967295", limit: 1000)?.count == 1000)
        for uids in [[UInt32](1...50) + [70, 72, 73], [4_000_000_000, 4_000_000_001]] {
            #expect(UIDSet.parse(Substring(UIDSet.format(uids))) == uids)
        }
    }

    @Test("mailbox names in modified UTF-7 (RFC 3501 5.1.3)", arguments: [
        ("INBOX", "INBOX"), ("Offres & CV", "Offres &- CV"), ("Reçus", "Re&AOc-us"),
        ("日本語", "&ZeVnLIqe-"), ("Offres/2022 éé", "Offres/2022 &AOkA6Q-"), ("😀", "&2D3eAA-"),
    ])
    func modifiedUTF7(name: String, encoded: String) {
        #expect(ModifiedUTF7.encode(name) == encoded)
    }

    @Test("INTERNALDATE: zones, a space-padded day, leap day; invalid text is refused")
    func internalDate() throws {
        let cet = try #require(IMAPInternalDate("27-Jun-2022 23:59:59 +0200"))
        #expect(cet.date.timeIntervalSince1970 == 1_656_367_199)
        #expect(cet.text == "27-Jun-2022 23:59:59 +0200")
        #expect(IMAPInternalDate(" 7-Nov-2026 06:00:53 -0130")?.date.timeIntervalSince1970 == 1_794_036_653)
        #expect(IMAPInternalDate("29-Feb-2024 00:00:00 +0000")?.date.timeIntervalSince1970 == 1_709_164_800)
        for bad in ["", "27-Jun-2022", "32-Jun-2022 00:00:00 +0000", "27-Jux-2022 00:00:00 +0000",
                    "27-Jun-22 00:00:00 +0000", "27-Jun-2022 24:00:00 +0000", "27-Jun-2022 00:00:00 0200"] {
            #expect(IMAPInternalDate(bad) == nil, "\(bad)")
        }
    }

    @Test("FETCH attributes in any order and case, with flags and a quoted date; other lines are not FETCH")
    func fetchAttributes() {
        let line = #"* 12 fetch (FLAGS (\Seen $OfferboxStored) UID 4021 INTERNALDATE "20-Jun-2022 10:15:00 +0200" RFC822.SIZE 18419519)"#
        #expect(IMAPResponseParser.fetchAttributes(line) == .init(
            uid: 4021, flags: ["\\Seen", "$OfferboxStored"], internalDate: "20-Jun-2022 10:15:00 +0200", size: 18_419_519))
        #expect(IMAPResponseParser.fetchAttributes("* 3 FETCH (UID 9 FLAGS ())") == .init(uid: 9, flags: []))
        #expect(IMAPResponseParser.fetchAttributes("* 3 EXISTS") == nil)
        #expect(IMAPResponseParser.fetchAttributes("* OK still here") == nil)
    }

    @Test("STATUS, SELECT codes, EXISTS, SEARCH, CAPABILITY and COPYUID lines")
    func untaggedResponses() {
        let status = IMAPResponseParser.status([#"* STATUS "Offres 2022" (MESSAGES 10 UIDNEXT 11 UIDVALIDITY 1795759253)"#])
        #expect(status?.messages == 10)
        #expect(status?.uidNext == 11)
        #expect(status?.uidValidity == 1_795_759_253)
        #expect(IMAPResponseParser.status(["* OK nothing"]) == nil)

        let select = IMAPResponseParser.selectInfo([
            "* FLAGS (\\Answered \\Seen)", "* 42 EXISTS", "* OK [UIDVALIDITY 1655700000] UIDs valid", "* OK [UIDNEXT 43] Predicted next UID",
        ])
        #expect(select == .init(uidValidity: 1_655_700_000, uidNext: 43, exists: 42))
        #expect(IMAPResponseParser.exists("* 7 exists") == 7)
        #expect(IMAPResponseParser.exists("* 7 RECENT") == nil)

        // Unsolicited lines between SEARCH results are ignored.
        #expect(IMAPResponseParser.searchUIDs(["* SEARCH 4 5 6", "* 9 EXISTS", "* search 7"]) == [4, 5, 6, 7])
        #expect(IMAPResponseParser.capabilities(["A001 OK [CAPABILITY IMAP4rev1 idle AUTH=PLAIN] Logged in"]) == ["IMAP4REV1", "IDLE", "AUTH=PLAIN"])
        #expect(IMAPResponseParser.capabilities(["* CAPABILITY IMAP4rev1 MOVE"]) == ["IMAP4REV1", "MOVE"])
        #expect(IMAPResponseParser.copiedUIDs(["A005 OK [COPYUID 38505 304,319:320 3956:3958] Done"]) == [304, 319, 320])
    }
}
