import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import OfferCore
import OfferStore
import OfferboxService
@testable import OfferboxWeb
import Synchronization
import Testing

/// A register with offers (some with hostile names), a configuration with one user per role,
/// and a clock the test moves across the deadline.
final class WebFixture: Sendable {
    /// 27 June 2022, midnight CET.
    static let deadline: Int64 = 1_656_370_800
    static let password = "correct horse battery staple"
    /// What an applicant may call themselves, their subject and their files.
    static let hostileName = "<script>alert(1)</script> \"Awa\" 'D' \u{202E}evil"
    static let hostileFile = "<img src=x onerror=alert(1)>\"\u{301} CV\u{202E}fdp.exe.pdf"

    let configuration: Configuration
    let database: OfferDatabase
    let pipeline: IntakePipeline
    let clock = Clock(WebFixture.deadline - 3600)
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("offerbox-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Cost 4: the check is the same bcrypt, a test need not spend a quarter of a second per user.
        let hash = Bcrypt.hash(Self.password, cost: 4)
        var text = try String(contentsOfFile: Self.root.appendingPathComponent("fixtures/config/good/minimal.toml").path, encoding: .utf8)
        text += "\n[web]\nlisten = \"127.0.0.1:8080\"\nsecure_cookies = true\n"
        for (name, role) in [("sec", "secretariat"), ("com", "committee"), ("aud", "auditor")] {
            let file = folder.appendingPathComponent(name).path
            try (hash + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            text += "[[web.user]]\nname = \"\(name)\"\nrole = \"\(role)\"\npassword_file = \"\(file)\"\n"
        }
        configuration = try Configuration.parse(text, file: "test.toml").configuration
        database = try OfferDatabase.inMemory()
        pipeline = IntakePipeline(configuration: configuration, database: database, composer: try ReplyComposer())
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var now: Int64 { clock.now }
    func move(to time: Int64) { clock.set(time) }

    final class Clock: Sendable {
        private let value: Mutex<Int64>
        init(_ time: Int64) { value = Mutex(time) }
        var now: Int64 { value.withLock { $0 } }
        func set(_ time: Int64) { value.withLock { $0 = time } }
    }

    /// The page as `run` serves it (`readOnly`: as `serve` does, without corrections).
    func site(readOnly: Bool = false) throws -> Site {
        try Site(configuration: configuration, database: database, pipeline: readOnly ? nil : pipeline, logger: Logger(label: "test"),
                 now: { [clock] in clock.now })
    }

    func application(readOnly: Bool = false) throws -> some ApplicationProtocol {
        Application(router: WebApplication.router(site: try site(readOnly: readOnly), sessions: MemoryPersistDriver()))
    }

    /// Ingests an offer with `files` (PDFs) before the deadline; returns its public id.
    @discardableResult
    func offer(from: String = "Awa Diallo <awa@example.org>", subject: String = "Offer", files: [String], uid: Int64,
               at time: Int64 = WebFixture.deadline - 86_400) throws -> String {
        var lines = ["Return-Path: <x@example.org>", "Delivered-To: secretariat@example.org", "From: \(from)", "To: secretariat@example.org",
                     "Subject: \(subject)", "Message-ID: <m\(uid)@example.org>", "Date: Mon, 20 Jun 2022 10:15:00 +0000", "MIME-Version: 1.0",
                     "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain; charset=utf-8", "", "My offer."]
        for file in files {
            let encoded = "=?utf-8?b?\(Data(file.utf8).base64EncodedString())?="
            lines += ["--b", "Content-Type: application/pdf", "Content-Disposition: attachment; filename=\"\(encoded)\"",
                      "Content-Transfer-Encoding: base64", "", Data("%PDF-1.4 \(file) \(uid)".utf8).base64EncodedString()]
        }
        lines.append("--b--")
        let fetched = FetchedMessage(mailboxKey: configuration.mailboxes[0].key, uidValidity: 1, uid: uid, internalDate: time,
                                     raw: Array(lines.joined(separator: "\r\n").utf8))
        return try #require(try pipeline.ingest(fetched, now: time + 5).offerID)
    }

    static let allFour = ["Letter of intent.pdf", "Workplan proposal.pdf", "Financial offer.pdf", "CV Awa Diallo.pdf"]
}

/// A browser's worth of state for the router tests: the session cookie and the page's CSRF token.
struct Visitor {
    let client: any TestClientProtocol
    /// The cookies the server set, by name.
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var bytes: [UInt8]

        /// The value of the first `name="csrf"` field.
        var csrf: String? {
            guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    mutating func get(_ uri: String) async throws -> Page { try await send(uri, method: .get, body: nil) }

    mutating func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { "\(FormEncoding.encode($0.0))=\(FormEncoding.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: body)
    }

    private mutating func send(_ uri: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for value in response.headers[values: .setCookie] {
            let pair = value.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let expired = value.contains("Max-Age=0") || value.contains("Expires=Thu, 01 Jan 1970")
            cookies[name] = expired ? nil : String(pair[pair.index(after: equals)...])
        }
        let bytes = Array(buffer: response.body)
        return Page(status: response.status, headers: response.headers, body: String(decoding: bytes, as: UTF8.self), bytes: bytes)
    }

    /// Logs in as `name`; expects to land on the overview.
    mutating func login(_ name: String, password: String = WebFixture.password) async throws -> Page {
        let form = try await get("/login")
        return try await post("/login", [("csrf", form.csrf ?? ""), ("name", name), ("password", password)])
    }
}

enum FormEncoding {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
