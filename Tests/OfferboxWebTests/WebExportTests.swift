import Crypto
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OfferCore
@testable import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Testing
import ZIPFoundation

/// The exports and the store's integrity as the page sees them.
@Suite struct WebExportTests {
    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func theZipKeepsLateAndIncompleteOffersApartAndItsManifestsHoldTheRegistersHashes() async throws {
        let fixture = try WebFixture()
        let complete = try fixture.offer(files: WebFixture.allFour, uid: 1)
        let incomplete = try fixture.offer(from: "Jo <jo@example.net>", files: ["CV Jo.pdf"], uid: 2)
        let late = try fixture.offer(from: "Lu <lu@example.net>", files: WebFixture.allFour, uid: 3, at: WebFixture.deadline + 10)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            let zip = try await visitor.get("/exports/documents.zip")
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let archive = try Archive(data: Data(zip.bytes), accessMode: .read)
            var files: [String: Data] = [:]
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                files[entry.path] = data
            }
            #expect(files.keys.contains("accepted/\(complete)/MANIFEST.sha256"))
            #expect(files.keys.contains("incomplete - NOT COMPLETE/\(incomplete)/cv - CV Jo.pdf"))
            #expect(files.keys.contains { $0.hasPrefix("late - RECEIVED AFTER THE DEADLINE/\(late)/") })
            #expect(!files.keys.contains { $0.hasPrefix("accepted/\(late)") || $0.hasPrefix("accepted/\(incomplete)") })
            // Every line of every manifest names a file of the zip with the hash of its bytes.
            var checked = 0
            for (path, manifest) in files where path.hasSuffix("/MANIFEST.sha256") {
                let folder = String(path.dropLast("MANIFEST.sha256".count))
                for line in String(decoding: manifest, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
                    let hash = String(line.prefix(64)), name = String(line.dropFirst(66))
                    #expect(files[folder + name].map { Self.hex(SHA256.hash(data: $0)) } == hash, "\(folder + name)")
                    checked += 1
                }
            }
            #expect(checked == 9)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("offerbox-export-") }
            #expect(leftovers.isEmpty, "no copy of the documents is left in the temporary folder")
        }
    }

    @Test func theAuditorUnderTheSealGetsNoFileAndNoExport() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("aud")
            for path in ["/offers/\(id)/documents/1", "/exports/offers.csv", "/exports/documents.zip", "/opening.json"] {
                let page = try await visitor.get(path)
                #expect(page.status == .forbidden, "\(path)")
            }
            let list = try await visitor.get("/offers?language=en&over_cap=1")
            #expect(list.body.contains("1 of 1 matching"), "the document filters are ignored under the seal: counts tell nothing")
        }
    }

    @Test func aDocumentWhoseBytesChangedInTheStoreIsRefused() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        let offer = try #require(try fixture.database.offer(publicID: id))
        let cv = try #require(try fixture.database.countedDocuments(offerID: offer.id!).first { $0.document.filename == "CV Awa Diallo.pdf" }?.document)
        // Someone edits the stored message behind offerbox's back: one letter of the CV's base64.
        try await fixture.database.writer.write { db in
            let raw = try #require(try Data.fetchOne(db, sql: "SELECT raw FROM message WHERE id = ?", arguments: [cv.messageId]))
            let encoded = Data("%PDF-1.4 CV Awa Diallo.pdf 1".utf8).base64EncodedString()
            let text = String(decoding: raw, as: UTF8.self)
            let tampered = text.replacingOccurrences(of: encoded, with: "Q" + encoded.dropFirst())
            #expect(tampered != text)
            try db.execute(sql: "UPDATE message SET raw = ? WHERE id = ?", arguments: [Data(tampered.utf8), cv.messageId])
        }
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            let refused = try await visitor.get("/offers/\(id)/documents/\(cv.id!)")
            #expect(refused.status == .internalServerError && refused.body.contains("do not match the register"))
            #expect(!refused.bytes.starts(with: Array("%PDF".utf8)))
            #expect(try fixture.database.events(offerID: offer.id!).allSatisfy { $0.kind != .documentAccessed }, "nothing served, nothing recorded")
            let zip = try await visitor.get("/exports/documents.zip")
            #expect(zip.status == .internalServerError, "the export refuses a register it cannot vouch for")
        }
    }

    @Test func aLinkFromAnotherSiteDownloadsNothing() async throws {
        let fixture = try WebFixture()
        let id = try fixture.offer(files: WebFixture.allFour, uid: 1)
        try await fixture.application().test(.router) { client in
            var visitor = Visitor(client)
            _ = try await visitor.login("sec")
            let cookie = visitor.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            for path in ["/offers/\(id)/documents/1", "/exports/documents.zip", "/exports/offers.csv"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie, HTTPField.Name("Sec-Fetch-Site")!: "same-site"])
                #expect(response.status == .forbidden, "\(path)")
                let own = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie, HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
                #expect(own.status == .ok, "\(path)")
            }
        }
    }
}
