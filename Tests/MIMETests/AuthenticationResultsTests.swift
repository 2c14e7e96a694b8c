import MIME
import Testing

/// RFC 8601 section 2.2 and the examples of its appendix B.
@Suite struct AuthenticationResultsTests {
    static func parse(_ text: String) -> AuthenticationResults? { AuthenticationResults(Array(text.utf8)) }

    @Test func methodsResultsAndPropertiesAreRead() throws {
        let results = try #require(Self.parse(
            "Mail.Example.ORG 1; dkim=pass (good signature) header.d=example.org header.s=sel;\r\n spf = pass smtp.mailfrom=example.org; dmarc=FAIL header.from=example.org"))
        #expect(results.authservID == "mail.example.org")
        #expect(results.results.map(\.method) == ["dkim", "spf", "dmarc"])
        #expect(results.result(of: "dmarc") == "fail")
        #expect(results.result(of: "spf") == "pass")
        #expect(results.results[0].properties["header.d"] == "example.org")
        #expect(results.results[1].properties["smtp.mailfrom"] == "example.org")
    }

    @Test func commentsAndQuotedStringsHideSemicolonsAndResults() throws {
        let results = try #require(Self.parse(
            "mx.example.org (a; dmarc=pass comment); spf=fail (sender \"x;y\" dmarc=pass) smtp.mailfrom=\"a;b@example.org\""))
        #expect(results.results.count == 1)
        #expect(results.result(of: "spf") == "fail")
        #expect(results.result(of: "dmarc") == nil)
        #expect(results.results[0].properties["smtp.mailfrom"] == "a;b@example.org")
    }

    @Test func noResultAndVersionedMethods() throws {
        #expect(try #require(Self.parse("example.org 1; none")).results.isEmpty)
        #expect(try #require(Self.parse("example.org; dkim/2=pass")).result(of: "dkim") == "pass")
        #expect(Self.parse("") == nil)
        #expect(Self.parse("(only a comment)") == nil)
    }

    @Test func hostileInputEndsInBoundedTime() {
        let nested = String(repeating: "(", count: 50_000) + "x"
        #expect(Self.parse("a; spf=pass " + nested)?.result(of: "spf") == "pass")
        let many = "a" + String(repeating: "; dkim=pass", count: 20_000)
        #expect(Self.parse(many)?.results.count == 20_000)
    }
}
