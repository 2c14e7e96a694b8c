import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OfferCore
import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Testing

/// Every string that came from mail is escaped wherever a page, a header or a file name shows it.
@Suite struct WebHostileTests {
    @Test func hostileNamesSubjectsAndFileNamesAreEscapedOnEveryPage() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(from: "\"\(WebFixture.hostileName)\" <evil@example.org>", subject: "<b onmouseover=alert(2)>\"\u{301}",
                                   files: [WebFixture.hostileFile, "Letter of intent.pdf"], uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            var pages = [try await visitor.get("/"), try await visitor.get("/offers"), try await visitor.get("/offers/\(id)"),
                         try await visitor.get("/offers?q=%3Cscript%3E%22")]
            fixture.move(to: WebFixture.deadline + 10)
            pages.append(try await visitor.get("/offers/\(id)"))
            for page in pages {
                #expect(page.status == .ok)
                for raw in ["<script>", "<img src", "<b onmouseover", "\"\u{301}", "\u{202E}"] {
                    #expect(!page.body.contains(raw), "a page holds \(raw) unescaped")
                }
            }
            #expect(pages[2].body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is shown, escaped")
            #expect(pages[2].body.contains("&quot;\u{301}"), "a quote with a combining mark is still escaped")
            let offer = try #require(try fixture.database.offer(publicID: id))
            let hostile = try #require(try fixture.database.countedDocuments(offerID: offer.id!).first { $0.document.filename == WebFixture.hostileFile })
            let download = try await visitor.get("/offers/\(id)/documents/\(hostile.document.id!)")
            let disposition = try #require(download.headers[.contentDisposition])
            #expect(disposition.hasPrefix("attachment; "))
            #expect(!disposition.contains("\u{202E}") && !disposition.contains("<") && disposition.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(download.headers[.contentType] == "application/pdf")
        }
    }

    @Test func aDocumentOfAnotherOfferOrAnUnknownRowIsNotServed() async throws {
        let fixture = try WebFixture()
        let first = try fixture.offer(files: WebFixture.allFour, uid: 1)
        let second = try fixture.offer(from: "Jo <jo@example.net>", files: ["CV Jo.pdf"], uid: 2)
        let other = try #require(try fixture.database.offer(publicID: second))
        let row = try #require(try fixture.database.countedDocuments(offerID: other.id!).first?.document.id)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            for path in ["/offers/\(first)/documents/\(row)", "/offers/\(first)/documents/999999", "/offers/\(first)/documents/x",
                         "/offers/NOPE/documents/1"] {
                let page = try await visitor.get(path)
                #expect(page.status == .notFound, "\(path)")
            }
        }
    }

    @Test func aScriptableFileIsNeverServedAsItsOwnType() {
        #expect(DownloadHeaders.contentType(of: Array("<html><script>alert(1)</script>".utf8)) == "application/octet-stream")
        #expect(DownloadHeaders.contentType(of: Array("<svg onload=alert(1)>".utf8)) == "application/octet-stream")
        #expect(DownloadHeaders.contentType(of: Array("%PDF-1.7".utf8)) == "application/pdf")
    }
}
