import MIME
import Testing

/// One Message-ID / In-Reply-To / References value and the ids it must give.
///
/// Expectations follow RFC 5322 section 3.6.4 (ids without brackets, obsolete CFWS inside removed)
/// and were checked by hand; Python's `email` keeps these fields as unstructured text, so it
/// offers no cross-check beyond `policy.default`'s Message-ID parse of the RFC examples.
struct MessageIDCase: Sendable, CustomTestStringConvertible {
    let raw: String
    let ids: [String]
    /// Whether ``Defect/invalidMessageID`` must be recorded by `parseList`.
    let repaired: Bool

    init(_ raw: String, _ ids: [String], repaired: Bool = false) {
        self.raw = raw
        self.ids = ids
        self.repaired = repaired
    }

    var testDescription: String { String(raw.prefix(80)) }
}

private func parseList(_ raw: String) -> (ids: [String], defects: DefectSet) {
    var defects = DefectSet()
    let ids = MessageIDParser.parseList(Array(raw.utf8), defects: &defects)
    return (ids, defects)
}

@Suite("Message-ID, In-Reply-To and References")
struct MessageIDParserTests {
    /// RFC 5322 Appendix A, verbatim.
    static let rfcExamples: [MessageIDCase] = [
        MessageIDCase("<1234@local.machine.example>", ["1234@local.machine.example"]),  // A.1.1, A.2
        MessageIDCase("<5678.21-Nov-1997@example.com>", ["5678.21-Nov-1997@example.com"]),  // A.1.2
        MessageIDCase("<testabcd.1234@silly.example>", ["testabcd.1234@silly.example"]),  // A.1.3
        MessageIDCase("<3456@example.net>", ["3456@example.net"]),  // A.2
        MessageIDCase("<abcd.1234@local.machine.test>", ["abcd.1234@local.machine.test"]),  // A.2
        MessageIDCase("<1234@local.machine.example> <3456@example.net>",
                      ["1234@local.machine.example", "3456@example.net"]),  // A.2 References
        MessageIDCase("<78910@example.net>", ["78910@example.net"]),  // A.3
        MessageIDCase("             <testabcd.1234@silly.test>", ["testabcd.1234@silly.test"]),  // A.5
        MessageIDCase("<1234   @   local(blah)  .machine .example>", ["1234@local.machine.example"]),  // A.6.3
    ]

    @Test("RFC 5322 Appendix A ids come back without brackets or obsolete white space", arguments: rfcExamples)
    func rfcAppendixExample(_ example: MessageIDCase) {
        let (ids, defects) = parseList(example.raw)
        #expect(ids == example.ids)
        #expect(!defects.contains(.invalidMessageID))
    }

    static let wildForms: [MessageIDCase] = [
        MessageIDCase("<a@x.test>\r\n\t<b@y.test>", ["a@x.test", "b@y.test"]),
        MessageIDCase("<a@x.test>(comment)<b@y.test>", ["a@x.test", "b@y.test"]),
        MessageIDCase("<tickets/35323930373635@pobo.intra.proxmox.com>", ["tickets/35323930373635@pobo.intra.proxmox.com"]),
        MessageIDCase("<a@x.test> <a@x.test>", ["a@x.test", "a@x.test"]),
        MessageIDCase("abc@example.org", ["abc@example.org"], repaired: true),
        MessageIDCase("abc@example.org def@example.org", ["abc@example.org", "def@example.org"], repaired: true),
        MessageIDCase("<a@x.test>, <b@y.test>", ["a@x.test", "b@y.test"], repaired: true),
        MessageIDCase("<a@x.test> junk <b@y.test>", ["a@x.test", "b@y.test"], repaired: true),
        MessageIDCase(#"Your message of "Mon, 20 Jun 2022 10:15:00 +0100" <a@x.test>"#, ["a@x.test"], repaired: true),
        MessageIDCase("awa@example.org's message of Mon, 20 Jun 2022 <a@x.test>", ["a@x.test"], repaired: true),
        MessageIDCase("<a@x.test", ["a@x.test"], repaired: true),
        MessageIDCase("<a@x.test <b@y.test>", ["a@x.test", "b@y.test"], repaired: true),
        MessageIDCase("<a@x.test b@y.test", ["a@x.test", "b@y.test"], repaired: true),
        MessageIDCase("<a b@x.test>", ["ab@x.test"], repaired: true),
        MessageIDCase("< a@x.test >", ["a@x.test"]),
        MessageIDCase("<>", [], repaired: true),
        MessageIDCase("", []),
        MessageIDCase("(only a comment)", []),
        MessageIDCase("<a@x.test> (unclosed comment <b@y.test>", ["a@x.test"], repaired: true),
        MessageIDCase("a@x.test>", ["a@x.test"], repaired: true),
        MessageIDCase("<MixedCase.ID@Example.ORG>", ["MixedCase.ID@Example.ORG"]),
    ]

    @Test("Wild ids are repaired as documented", arguments: wildForms)
    func wildForm(_ example: MessageIDCase) {
        let (ids, defects) = parseList(example.raw)
        #expect(ids == example.ids)
        #expect(defects.contains(.invalidMessageID) == example.repaired)
    }

    static let singles: [(raw: String, id: String?, repaired: Bool)] = [
        ("<1234@local.machine.example>", "1234@local.machine.example", false),
        ("1234@local.machine.example", "1234@local.machine.example", true),
        ("<a@x.test> <b@y.test>", "a@x.test", true),
        ("12345", "12345", true),
        ("", nil, false),
        ("   ", nil, false),
        ("<>", nil, true),
    ]

    @Test("parseSingle gives the first id, or a lone word as a last resort", arguments: singles)
    func single(_ example: (raw: String, id: String?, repaired: Bool)) {
        var defects = DefectSet()
        #expect(MessageIDParser.parseSingle(Array(example.raw.utf8), defects: &defects) == example.id)
        #expect(defects.contains(.invalidMessageID) == example.repaired)
    }
}

@Suite("Message ids under hostile input")
struct MessageIDParserHostileInputTests {
    @Test("A megabyte of one special character completes", arguments: ["<", ">", "(", ")", "\"", "\\\"", ",", "@", "< "])
    func megabyteOfSpecials(_ unit: String) {
        var raw: [UInt8] = []
        raw.reserveCapacity(1 << 20)
        while raw.count < 1 << 20 { raw.append(contentsOf: unit.utf8) }
        var defects = DefectSet()
        let ids = MessageIDParser.parseList(raw, defects: &defects)
        #expect(ids.count <= raw.count)
        #expect(!defects.isEmpty || ids.isEmpty)
    }

    @Test("100,000 nested parentheses are skipped as one comment")
    func deeplyNestedComment() {
        let raw = [UInt8](repeating: UInt8(ascii: "("), count: 100_000) + [UInt8](repeating: UInt8(ascii: ")"), count: 100_000)
            + Array("<a@x.test>".utf8)
        var defects = DefectSet()
        #expect(MessageIDParser.parseList(raw, defects: &defects) == ["a@x.test"])
    }

    @Test("A megabyte of ids parses completely")
    func manyIDs() {
        var raw: [UInt8] = []
        for index in 0..<50_000 { raw.append(contentsOf: "<\(index)@x.test> ".utf8) }
        var defects = DefectSet()
        let ids = MessageIDParser.parseList(raw, defects: &defects)
        #expect(ids.count == 50_000)
        #expect(ids.last == "49999@x.test")
        #expect(defects.isEmpty)
    }
}
