import Testing
import MIME

/// Expectations from RFC 2045/2231 (examples verbatim, unfolded) and Python's `email` package
/// (`get_params()`, `get_filename()`), which agree on every standard case here.
@Suite("Content-Type and Content-Disposition parameters")
struct MediaTypeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let raw: [UInt8]
        let mimeType: String
        let parameters: [String: String]
        let defects: [Defect]
        var testDescription: String { String(decoding: raw, as: UTF8.self) }
        init(_ raw: String, _ mimeType: String, _ parameters: [String: String] = [:], _ defects: [Defect] = []) {
            self.init(bytes: Array(raw.utf8), mimeType, parameters, defects)
        }
        init(bytes: [UInt8], _ mimeType: String, _ parameters: [String: String] = [:], _ defects: [Defect] = []) {
            self.raw = bytes; self.mimeType = mimeType; self.parameters = parameters; self.defects = defects
        }
    }

    static func check(_ example: Case) {
        var defects = DefectSet()
        let parsed = MediaType.parse(example.raw, using: CharsetDecoder(), defects: &defects)
        #expect(parsed?.mimeType == example.mimeType)
        var found: [String: String] = [:]
        for parameter in parsed?.parameters ?? ParameterList() { found[parameter.name] = parameter.value }
        #expect(found == example.parameters)
        #expect(defects.names == example.defects.map(\.name))
    }

    /// RFC 2231 sections 3, 4 and 4.1, verbatim apart from unfolding.
    static let rfc2231: [Case] = [
        Case("message/external-body; access-type=URL;         URL*0=\"ftp://\";         URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
             "message/external-body",
             ["access-type": "URL", "url": "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"]),
        Case("application/x-stuff;         title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
             "application/x-stuff", ["title": "This is ***fun***"]),
        // Section 4.1 as printed has no `;` between the parameters (a known erratum): parsed, with a defect.
        Case("application/x-stuff         title*0*=us-ascii'en'This%20is%20even%20more%20         title*1*=%2A%2A%2Afun%2A%2A%2A%20         title*2=\"isn't it!\"",
             "application/x-stuff", ["title": "This is even more ***fun*** isn't it!"], [.invalidParameter]),
        Case("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"",
             "application/x-stuff", ["title": "This is even more ***fun*** isn't it!"]),
    ]

    @Test("parses the RFC 2231 examples", arguments: rfc2231)
    func rfc2231Example(_ example: Case) { Self.check(example) }

    static let grammar: [Case] = [
        Case("text/plain; charset=us-ascii (Plain text)", "text/plain", ["charset": "us-ascii"]),
        Case("Text/HTML;Charset=\"UTF-8\"", "text/html", ["charset": "UTF-8"]),
        Case("(comment) text / plain (more) ; (c) charset = \"utf-8\"", "text/plain", ["charset": "utf-8"]),
        Case("text/plain; charset=\"a\\\"b\"", "text/plain", ["charset": "a\"b"]),
        Case("text", "text/plain", [:], [.invalidContentType]),
        Case("multipart; boundary=abc", "multipart/mixed", ["boundary": "abc"], [.invalidContentType]),
        Case("text/; charset=x", "text/plain", ["charset": "x"], [.invalidContentType]),
        Case("text/html charset=utf-8", "text/html", ["charset": "utf-8"], [.invalidParameter]),
        Case("text/plain; charset=utf-8; format=flowed delsp=yes", "text/plain",
             ["charset": "utf-8", "format": "flowed", "delsp": "yes"], [.invalidParameter]),
        Case("application/pdf; name=My File.pdf", "application/pdf", ["name": "My File.pdf"]),
        Case("text/plain; charset=utf-8;", "text/plain", ["charset": "utf-8"]),
        Case("text/plain;; charset=utf-8;;", "text/plain", ["charset": "utf-8"]),
        Case("text/plain; charset=a; CHARSET=b", "text/plain", ["charset": "a"], [.invalidParameter]),
        // mail-parser corpus thirdparty/010: an empty first duplicate gives way to a later value.
        Case("multipart/mixed; boundary=1; comment=\"\"  comment=\"人権の無視及\"", "multipart/mixed",
             ["boundary": "1", "comment": "人権の無視及"], [.invalidParameter]),
        Case("application/pdf; name=\"my \"file\".pdf\"", "application/pdf", ["name": "my \"file\".pdf"]),
        Case("application/pdf; name=\"C:\\dir\\a.pdf\"", "application/pdf", ["name": "C:\\dir\\a.pdf"]),
        Case("application/pdf; name=\"unterminated", "application/pdf", ["name": "unterminated"], [.invalidParameter]),
        Case("text/plain; junk; charset=utf-8", "text/plain", ["charset": "utf-8"], [.invalidParameter]),
        Case("multipart/mixed; boundary=\"----=_NextPart_000_0000_01D8.ABCD\"", "multipart/mixed",
             ["boundary": "----=_NextPart_000_0000_01D8.ABCD"]),
        Case("multipart/mixed; boundary==_abc=?x?q?y?=", "multipart/mixed", ["boundary": "=_abc=?x?q?y?="]),
        // RFC 2231 continuations in any order, mixed encoded and plain sections, gaps, both forms.
        Case("application/x-stuff; title*2=\"isn't it!\"; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*0*=us-ascii'en'This%20is%20even%20more%20",
             "application/x-stuff", ["title": "This is even more ***fun*** isn't it!"]),
        Case("application/x-stuff; title*0*=us-ascii'en'a; title*2=c", "application/x-stuff", ["title": "ac"], [.invalidParameter]),
        Case("application/x-stuff; title*0=\"a\"; title*0=\"b\"", "application/x-stuff", ["title": "a"], [.invalidParameter]),
        Case("application/x-stuff; title*=%41%42", "application/x-stuff", ["title": "AB"], [.invalidParameter]),
        Case("application/pdf; name=\"old.pdf\"; name*=utf-8''new.pdf", "application/pdf", ["name": "new.pdf"]),
        // Non-standard RFC 2047 inside parameters (Outlook, Gmail).
        Case("application/pdf; name=\"=?UTF-8?B?T2ZmcmUgZmluYW5jacOocmUucGRm?=\"", "application/pdf",
             ["name": "Offre financière.pdf"], [.encodedWordInParameter]),
        Case("application/pdf; name==?utf-8?q?A=C3=A7=C3=A3o.pdf?=", "application/pdf",
             ["name": "Ação.pdf"], [.encodedWordInParameter]),
        // Raw 8-bit values: UTF-8 as is, else windows-1252.
        Case("application/pdf; name=\"Offre financière.pdf\"", "application/pdf", ["name": "Offre financière.pdf"]),
        Case(bytes: Array("application/pdf; name=\"Offre financi".utf8) + [0xE8] + Array("re.pdf\"".utf8),
             "application/pdf", ["name": "Offre financière.pdf"], [.raw8BitHeader]),
    ]

    @Test("parses Content-Type as real clients write it", arguments: grammar)
    func contentType(_ example: Case) { Self.check(example) }

    @Test("charset and boundary accessors read the parameters")
    func accessors() {
        var defects = DefectSet()
        let type = MediaType.parse(Array("multipart/mixed; BOUNDARY=\"=_b 1\"; Charset=latin1".utf8),
                                   using: CharsetDecoder(), defects: &defects)
        #expect(type?.boundary == "=_b 1")
        #expect(type?.charset == "latin1")
        #expect(type?.isMultipart == true)
        #expect(defects.isEmpty)
    }

    @Test("returns nil only when there is no type at all", arguments: ["", "   ", ";charset=utf-8", "charset=utf-8", "/plain", "(only a comment)"])
    func noType(_ raw: String) {
        var defects = DefectSet()
        #expect(MediaType.parse(Array(raw.utf8), using: CharsetDecoder(), defects: &defects) == nil)
        #expect(defects.contains(.invalidContentType))
    }

    struct Filename: Sendable, CustomTestStringConvertible {
        let raw: String
        let kind: String
        let filename: String
        var testDescription: String { raw }
    }

    /// Filenames in the shapes Outlook, Gmail, Thunderbird and Apple Mail produce (checked with Python
    /// `get_filename()` where it decodes them; Python leaves RFC 2047 in parameters undecoded).
    static let filenames: [Filename] = [
        Filename(raw: "attachment; filename*=UTF-8''Proposta%20t%C3%A9cnica%20%E2%80%93%20vers%C3%A3o%20final.docx",
                 kind: "attachment", filename: "Proposta técnica – versão final.docx"),
        Filename(raw: "attachment; filename=\"=?UTF-8?B?UHJvcG9zdGEgdMOpY25pY2Eg4oCTIHZlcnPDo28gZmluYWwuZG9jeA==?=\"",
                 kind: "attachment", filename: "Proposta técnica – versão final.docx"),
        Filename(raw: "attachment;\tfilename=\"=?utf-8?Q?Offre_financi=C3=A8re.pdf?=\"", kind: "attachment",
                 filename: "Offre financière.pdf"),
        Filename(raw: "attachment; filename*0*=UTF-8''Offre%20financi%C3; filename*1*=%A8re.pdf",
                 kind: "attachment", filename: "Offre financière.pdf"),
        Filename(raw: "Attachment; filename*=iso-8859-1''A%E7%E3o.pdf", kind: "attachment", filename: "Ação.pdf"),
        Filename(raw: "attachment; filename*=\"UTF-8''Gar%C3%A7on.pdf\"", kind: "attachment", filename: "Garçon.pdf"),
        Filename(raw: "inline; filename=\"Relatório de execução.pdf\"", kind: "inline", filename: "Relatório de execução.pdf"),
        Filename(raw: "attachment; filename=\"a.pdf\"; filename*=UTF-8''b%C3%A9.pdf", kind: "attachment", filename: "bé.pdf"),
        Filename(raw: "attachment; filename=CV Awa Diallo.pdf", kind: "attachment", filename: "CV Awa Diallo.pdf"),
        Filename(raw: "filename=\"forgot-the-type.pdf\"", kind: "attachment", filename: "forgot-the-type.pdf"),
    ]

    @Test("decodes attachment filenames with accents", arguments: filenames)
    func filename(_ example: Filename) {
        var defects = DefectSet()
        let disposition = ContentDisposition.parse(Array(example.raw.utf8), using: CharsetDecoder(), defects: &defects)
        #expect(disposition?.kind == example.kind)
        #expect(disposition?.filename == example.filename)
    }

    @Test("Content-Disposition without parameters, and without anything")
    func bareDisposition() {
        var defects = DefectSet()
        #expect(ContentDisposition.parse(Array(" INLINE ".utf8), using: CharsetDecoder(), defects: &defects)?.kind == "inline")
        #expect(defects.isEmpty)
        #expect(ContentDisposition.parse(Array("".utf8), using: CharsetDecoder(), defects: &defects) == nil)
    }

    @Test("huge parameter lists parse in linear time", arguments: ["a=b; ", "title*7*=%41; ", "x=\"y\" ", "\"\"\" ", "((( "])
    func hostileParameters(_ unit: String) {
        let raw = Array("text/plain; ".utf8) + repeatedBytes(Array(unit.utf8), 100_000)
        var defects = DefectSet()
        let clock = ContinuousClock()
        var parsed: MediaType?
        let elapsed = clock.measure { parsed = MediaType.parse(raw, using: CharsetDecoder(), defects: &defects) }
        #expect(parsed?.mimeType == "text/plain")
        #expect(elapsed < .seconds(5))
    }
}
