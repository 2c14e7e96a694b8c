import MIME
import Testing

/// One address-list value and what it must give.
///
/// Expectations were checked by hand against RFC 5322 and against Python 3.11's `email` package
/// (`email.utils.getaddresses` and `policy.default.header_factory`); where we deliberately differ
/// from Python, the case says so in `note`.
struct AddressCase: Sendable, CustomTestStringConvertible {
    let raw: [UInt8]
    let expected: [MailAddress]
    /// Whether ``Defect/invalidAddress`` must be recorded.
    let repaired: Bool
    let note: String

    init(_ raw: String, _ expected: [MailAddress], repaired: Bool = false, note: String = "") {
        self.raw = Array(raw.utf8)
        self.expected = expected
        self.repaired = repaired
        self.note = note
    }

    init(bytes: [UInt8], _ expected: [MailAddress], repaired: Bool = false, note: String = "") {
        self.raw = bytes
        self.expected = expected
        self.repaired = repaired
        self.note = note
    }

    var testDescription: String { String(decoding: raw.prefix(80), as: UTF8.self) }
}

private func mailbox(_ address: String?, _ name: String? = nil, group: String? = nil) -> MailAddress {
    MailAddress(name: name, address: address, group: group)
}

private func parse(_ raw: [UInt8]) -> (addresses: [MailAddress], defects: DefectSet) {
    var defects = DefectSet()
    let addresses = AddressParser.parseList(raw, using: CharsetDecoder(), defects: &defects)
    return (addresses, defects)
}

@Suite("RFC 5322 address lists")
struct AddressParserTests {
    /// RFC 5322 Appendix A, verbatim (values after the colon; folded lines kept with their CRLF).
    static let rfcExamples: [AddressCase] = [
        // A.1.1
        AddressCase("John Doe <jdoe@machine.example>", [mailbox("jdoe@machine.example", "John Doe")]),
        AddressCase("Mary Smith <mary@example.net>", [mailbox("mary@example.net", "Mary Smith")]),
        // A.1.2
        AddressCase(#""Joe Q. Public" <john.q.public@example.com>"#,
                    [mailbox("john.q.public@example.com", "Joe Q. Public")]),
        AddressCase("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
                    [mailbox("mary@x.test", "Mary Smith"), mailbox("jdoe@example.org"), mailbox("one@y.test", "Who?")]),
        AddressCase(#"<boss@nil.test>, "Giant; \"Big\" Box" <sysservices@example.net>"#,
                    [mailbox("boss@nil.test"), mailbox("sysservices@example.net", #"Giant; "Big" Box"#)]),
        // A.1.3
        AddressCase("Pete <pete@silly.example>", [mailbox("pete@silly.example", "Pete")]),
        AddressCase("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
                    [mailbox("c@a.test", "Ed Jones", group: "A Group"), mailbox("joe@where.test", group: "A Group"),
                     mailbox("jdoe@one.test", "John", group: "A Group")]),
        AddressCase("Undisclosed recipients:;", []),
        // A.2
        AddressCase(#""Mary Smith: Personal Account" <smith@home.example>"#,
                    [mailbox("smith@home.example", "Mary Smith: Personal Account")]),
        // A.3
        AddressCase("Jane Brown <j-brown@other.example>", [mailbox("j-brown@other.example", "Jane Brown")]),
        // A.4
        AddressCase("John Doe <jdoe@node.example>", [mailbox("jdoe@node.example", "John Doe")]),
        // A.5
        AddressCase(#"Pete(A nice \) chap) <pete(his account)@silly.test(his host)>"#,
                    [mailbox("pete@silly.test", "Pete")]),
        AddressCase("A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n"
                        + "         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)",
                    [mailbox("c@public.example", "Chris Jones", group: "A Group"),
                     mailbox("joe@example.org", group: "A Group"), mailbox("jdoe@one.test", "John", group: "A Group")],
                    note: "Python's getaddresses makes the comments part of the names; its new parser agrees with us"),
        AddressCase("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;", []),
        // A.6.1
        AddressCase("Joe Q. Public <john.q.public@example.com>", [mailbox("john.q.public@example.com", "Joe Q. Public")]),
        AddressCase("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example",
                    [mailbox("mary@example.net", "Mary Smith"), mailbox("jdoe@test.example")]),
        // A.6.3
        AddressCase("John Doe <jdoe@machine(comment).  example>", [mailbox("jdoe@machine.example", "John Doe")],
                    note: "Python's getaddresses adds the comment to the name; RFC 5322 says comments are not the name"),
        AddressCase("Mary Smith\r\n  \r\n          <mary@example.net>", [mailbox("mary@example.net", "Mary Smith")]),
    ]

    @Test("RFC 5322 Appendix A examples parse as the RFC describes, without defects", arguments: rfcExamples)
    func rfcAppendixExample(_ example: AddressCase) {
        let (addresses, defects) = parse(example.raw)
        #expect(addresses == example.expected)
        #expect(!defects.contains(.invalidAddress))
    }

    static let wildForms: [AddressCase] = [
        // Comments and legacy names
        AddressCase("awa@example.org (Awa Diallo)", [mailbox("awa@example.org", "Awa Diallo")]),
        AddressCase("(Awa Diallo) awa@example.org", [mailbox("awa@example.org", "Awa Diallo")]),
        AddressCase("<awa@example.org> (Awa Diallo)", [mailbox("awa@example.org")],
                    note: "as Python: a comment after an angle address is not a name"),
        AddressCase("Awa <awa@example.org> (Secretariat)", [mailbox("awa@example.org", "Awa")]),
        // Groups
        AddressCase("Team: a@x.test, b@y.test;", [mailbox("a@x.test", group: "Team"), mailbox("b@y.test", group: "Team")]),
        AddressCase("undisclosed-recipients:;", []),
        AddressCase("Undisclosed recipients: ;", []),
        AddressCase(#""The Team": a@x.test;, c@z.test"#, [mailbox("a@x.test", group: "The Team"), mailbox("c@z.test")]),
        AddressCase("Team: a@x.test, b@y.test", [mailbox("a@x.test", group: "Team"), mailbox("b@y.test", group: "Team")],
                    repaired: true, note: "missing `;`"),
        AddressCase("A: a@x.test; B: b@y.test;", [mailbox("a@x.test", group: "A"), mailbox("b@y.test", group: "B")]),
        // Empty elements
        AddressCase("a@x.test,,b@y.test", [mailbox("a@x.test"), mailbox("b@y.test")]),
        AddressCase("", []),
        AddressCase(",,, ,", []),
        AddressCase("Awa <awa@example.org>, ", [mailbox("awa@example.org", "Awa")]),
        // Routes
        AddressCase("<@route1,@route2:user@host.test>", [mailbox("user@host.test")]),
        AddressCase("Name <@a.test,@b.test:user@host.test>, other@host.test",
                    [mailbox("user@host.test", "Name"), mailbox("other@host.test")]),
        // Quoting
        AddressCase(#""Diallo, Awa" <awa@example.org>"#, [mailbox("awa@example.org", "Diallo, Awa")]),
        AddressCase(#""Awa \"Ama\" Diallo" <awa@example.org>"#, [mailbox("awa@example.org", #"Awa "Ama" Diallo"#)]),
        AddressCase(#""john doe"@example.com"#, [mailbox("john doe@example.com")],
                    note: "Python keeps the quotes of the local part; our contract removes them"),
        AddressCase(#"<"john.doe"@example.com>"#, [mailbox("john.doe@example.com")]),
        AddressCase(#""'Awa Diallo'" <awa@example.org>"#, [mailbox("awa@example.org", "'Awa Diallo'")],
                    note: "Outlook's single quotes are kept, as Python keeps them"),
        AddressCase(#""\"Awa Diallo\"" <awa@example.org>"#, [mailbox("awa@example.org", "Awa Diallo")],
                    note: "double quoting is stripped; Python keeps the inner quotes"),
        AddressCase(#""  Awa   Diallo  " <awa@example.org>"#, [mailbox("awa@example.org", "Awa Diallo")]),
        AddressCase("Awa   Diallo\t <awa@example.org>", [mailbox("awa@example.org", "Awa Diallo")]),
        AddressCase(#""" <awa@example.org>"#, [mailbox("awa@example.org")]),
        // Missing or extra angle brackets
        AddressCase(#""Awa Diallo" awa@example.org"#, [mailbox("awa@example.org", "Awa Diallo")], repaired: true,
                    note: #"Python's new parser reads "Awa Diallo awa"@example.org"#),
        AddressCase("Awa Diallo awa@example.org", [mailbox("awa@example.org", "Awa Diallo")], repaired: true,
                    note: #"Python's new parser reads "Awa Diallo awa"@example.org"#),
        AddressCase("Awa <awa@example.org", [mailbox("awa@example.org", "Awa")], repaired: true),
        AddressCase("Awa <awa@example.org, Bob <bob@example.org>",
                    [mailbox("awa@example.org", "Awa"), mailbox("bob@example.org", "Bob")], repaired: true),
        AddressCase("Awa awa@example.org>", [mailbox("awa@example.org", "Awa")], repaired: true),
        AddressCase("Awa <awa@example.org> <other@example.org>", [mailbox("awa@example.org", "Awa")], repaired: true,
                    note: "as Python's new parser: the second address is junk"),
        AddressCase("Awa <awa@example.org> junk", [mailbox("awa@example.org", "Awa")], repaired: true),
        AddressCase("<<awa@example.org>>", [mailbox("awa@example.org")], repaired: true),
        AddressCase("Awa <>", [mailbox(nil, "Awa")], repaired: true),
        AddressCase("awa@example.org <awa@example.org>", [mailbox("awa@example.org", "awa@example.org")],
                    repaired: true, note: "the address as its own name, unquoted; Python drops the name"),
        AddressCase("<>", [], repaired: true),
        // Unbalanced quotes and comments
        AddressCase(#""Awa <awa@example.org>"#, [mailbox("awa@example.org", "Awa")], repaired: true,
                    note: #"Python reads the address "Awa <awa@example.org>""#),
        AddressCase("awa@example.org (Awa", [mailbox("awa@example.org")], repaired: true),
        AddressCase("Awa) <awa@example.org>", [mailbox("awa@example.org", "Awa")], repaired: true),
        // Separators
        AddressCase("a@x.test; b@y.test", [mailbox("a@x.test"), mailbox("b@y.test")], repaired: true,
                    note: "Python's new parser drops b@y.test; Outlook users type `;` between addresses"),
        AddressCase("a@x.test b@y.test", [mailbox("a@x.test"), mailbox("b@y.test")], repaired: true),
        // White space around @ and dots (obsolete but valid)
        AddressCase("user @ host.test", [mailbox("user@host.test")]),
        AddressCase("Awa <awa . diallo @ example . org>", [mailbox("awa.diallo@example.org", "Awa")]),
        // Names without addresses, addresses without @
        AddressCase("Whomever", [mailbox(nil, "Whomever")], repaired: true,
                    note: "mail-parser's reading (corpus rfc/001); Python reads the address `Whomever`"),
        AddressCase("Moderator-Address <moderator>", [mailbox("moderator", "Moderator-Address")], repaired: true),
        AddressCase("awa@", [mailbox("awa@")], repaired: true),
        // Case and non-ASCII kept as written
        AddressCase("Awa.Diallo@Example.ORG", [mailbox("Awa.Diallo@Example.ORG")]),
        AddressCase("José <josé@exämple.org>", [mailbox("josé@exämple.org", "José")]),
        AddressCase("用户 <用户@例子.广告>", [mailbox("用户@例子.广告", "用户")]),
        AddressCase("jdoe@[192.0.2.1]", [mailbox("jdoe@[192.0.2.1]")]),
        AddressCase("jdoe@xn--exmple-cua.org", [mailbox("jdoe@xn--exmple-cua.org")]),
    ]

    @Test("Wild forms are repaired as documented", arguments: wildForms)
    func wildForm(_ example: AddressCase) {
        let (addresses, defects) = parse(example.raw)
        #expect(addresses == example.expected, "\(example.note)")
        #expect(defects.contains(.invalidAddress) == example.repaired)
    }

    /// Names through RFC 2047, inside and outside quotes (real clients quote encoded words).
    static let encodedNames: [AddressCase] = [
        AddressCase("=?utf-8?Q?Jos=C3=A9?= <jose@example.org>", [mailbox("jose@example.org", "José")]),
        AddressCase(#""=?utf-8?Q?Jos=C3=A9?=" <jose@example.org>"#, [mailbox("jose@example.org", "José")],
                    note: "Python does not decode inside quotes; clients write this, so we do"),
        AddressCase("=?iso-8859-1?Q?Heinz_M=FCller?= <mueller@example.com>", [mailbox("mueller@example.com", "Heinz Müller")]),
        AddressCase("Heinz =?iso-8859-1?Q?M=FCller?= <mueller@example.com>", [mailbox("mueller@example.com", "Heinz Müller")]),
        AddressCase("=?iso-8859-1?Q?J=FCrgen?= =?iso-8859-1?Q?_Schm=FCrgen?= <jschmuergen@example.com>",
                    [mailbox("jschmuergen@example.com", "Jürgen Schmürgen")]),
        AddressCase("Joe Blow <blow@example.com>, \r\n    =?iso-8859-1?Q?Heinz_M=FCller?= <mueller@example.com>",
                    [mailbox("blow@example.com", "Joe Blow"), mailbox("mueller@example.com", "Heinz Müller")]),
        AddressCase("awa@example.org (=?utf-8?B?QXfDoCBEaWFsbG8=?=)", [mailbox("awa@example.org", "Awà Diallo")]),
        AddressCase("=?utf-8?Q?Diallo,_Awa?= <awa@example.org>, b@y.test",
                    [mailbox("awa@example.org", "Diallo, Awa"), mailbox("b@y.test")],
                    note: "a comma left unencoded, against RFC 2047 section 5"),
        AddressCase("=?utf-8?Q?Team?=:a@x.test;", [mailbox("a@x.test", group: "Team")]),
        AddressCase(bytes: Array("Heinz M".utf8) + [0xFC] + Array("ller <mueller@example.com>".utf8),
                    [mailbox("mueller@example.com", "Heinz Müller")], note: "raw windows-1252 byte"),
        AddressCase(bytes: Array(#""J"#.utf8) + [0xC3, 0xBC] + Array(#"rgen" <j@example.com>"#.utf8),
                    [mailbox("j@example.com", "Jürgen")], note: "raw UTF-8 bytes"),
    ]

    @Test("Display names decode encoded words and raw 8-bit bytes", arguments: encodedNames)
    func encodedName(_ example: AddressCase) {
        let (addresses, defects) = parse(example.raw)
        #expect(addresses == example.expected, "\(example.note)")
        #expect(!defects.contains(.invalidAddress))
    }

    @Test("A value that is not contiguous in memory parses like an array")
    func nonContiguousInput() {
        var defects = DefectSet()
        let raw = "Awa Diallo <awa@example.org>".utf8.reversed().reversed()
        let addresses = AddressParser.parseList(raw, using: CharsetDecoder(), defects: &defects)
        #expect(addresses == [mailbox("awa@example.org", "Awa Diallo")])
    }
}

@Suite("Address lists under hostile input")
struct AddressParserHostileInputTests {
    @Test("A megabyte of commas gives no mailbox")
    func megabyteOfCommas() {
        let (addresses, defects) = parse([UInt8](repeating: UInt8(ascii: ","), count: 1 << 20))
        #expect(addresses.isEmpty)
        #expect(defects.isEmpty)
    }

    @Test("100,000 nested parentheses in a comment do not overflow the stack")
    func deeplyNestedComment() {
        let depth = 100_000
        let raw = Array("Awa <awa@example.org> ".utf8) + [UInt8](repeating: UInt8(ascii: "("), count: depth)
            + Array("x".utf8) + [UInt8](repeating: UInt8(ascii: ")"), count: depth)
        let (addresses, defects) = parse(raw)
        #expect(addresses == [mailbox("awa@example.org", "Awa")])
        #expect(!defects.contains(.invalidAddress))
    }

    @Test("100,000 unclosed parentheses are read as separators")
    func unclosedComments() {
        let raw = [UInt8](repeating: UInt8(ascii: "("), count: 100_000) + Array("awa@example.org".utf8)
        let (addresses, defects) = parse(raw)
        #expect(addresses == [mailbox("awa@example.org")])
        #expect(defects.contains(.invalidAddress))
    }

    @Test("Alternating quotes and escapes stay linear",
          arguments: [#"\""#, #"""#, "<", ">", "@", ":", ";", "[", "(\\", "=?", "=?a?q?,", "=?a?q?a ", "=?a"])
    func repeatedSpecials(_ unit: String) {
        var raw: [UInt8] = []
        raw.reserveCapacity(1 << 20)
        while raw.count < 1 << 20 { raw.append(contentsOf: unit.utf8) }
        raw.append(contentsOf: ", awa@example.org".utf8)
        let (addresses, _) = parse(raw)
        // Whatever the junk gives, it must finish, and the parser must still be usable afterwards.
        #expect(addresses.count <= raw.count)
        #expect(parse(Array("awa@example.org".utf8)).addresses == [mailbox("awa@example.org")])
    }

    @Test("A megabyte of words and colons parses in linear time")
    func longPhraseThenColons() {
        var raw = [UInt8]()
        for _ in 0..<100_000 { raw.append(contentsOf: "ab@c ".utf8) }
        for _ in 0..<100_000 { raw.append(contentsOf: ": ".utf8) }
        let (addresses, defects) = parse(raw)
        #expect(addresses.count == 100_000)
        #expect(defects.contains(.invalidAddress))
    }
}
