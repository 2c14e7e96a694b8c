import OfferCore
public import Foundation
import Hummingbird
import HTTPTypes
import NIOPosix
public import Logging
public import OfferStore
public import OfferboxService

/// What every route of the page shares: the configuration, the register's read model and store,
/// the correction desk (nil when the page only reads: `offerbox serve`), and the clock.
public struct Site: Sendable {
    public let configuration: Configuration
    public let web: Configuration.Web
    public let database: OfferDatabase
    public let register: Register
    public let reader: DocumentReader
    /// Where corrections go (`offerbox run`); nil for `offerbox serve`, which never changes the register.
    public let pipeline: IntakePipeline?
    public let logger: Logger
    /// Seconds since 1970; a test moves it across the deadline.
    public let now: @Sendable () -> Int64
    let renderer: PageRenderer
    let passwords = PasswordCheck()
    let throttle = SharedLoginThrottle()
    private let cache = RegisterCache()
    /// Documents served at once (each is held in memory while it is checked and sent).
    let downloads = Admission(limit: 4)
    /// Exports built at once (the zip copies every document to a temporary file).
    let exports = Admission(limit: 1)

    /// Every offer as the register shows it now (computed again only when the register changed).
    func entries() throws -> [RegisterEntry] { try cache.entries(register: register, database: database) }

    public init(configuration: Configuration, database: OfferDatabase, pipeline: IntakePipeline?, logger: Logger,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) throws {
        self.configuration = configuration
        self.web = configuration.web ?? Configuration.Web()
        self.database = database
        self.register = Register(database: database, configuration: configuration)
        self.reader = DocumentReader(database: database)
        self.pipeline = pipeline
        self.logger = logger
        self.now = now
        self.renderer = try PageRenderer(configuration: configuration)
        self.cookieNames = CookieNames(secure: web.secureCookies)
    }

    /// The deadline the seal lifts at: the deadline in force, which the daemon records (an
    /// extension made while this page runs keeps the offers sealed until the new one), and never
    /// earlier than the configuration's.
    var deadline: Int64 { max(register.deadline, (try? database.deadlineInForce()) ?? nil ?? register.deadline) }

    /// The names of the cookies: `__Host-` when they are Secure (a sibling subdomain cannot set them).
    let cookieNames: CookieNames

    struct CookieNames: Sendable {
        var session: String
        var login: String

        init(secure: Bool) {
            let prefix = secure ? "__Host-" : ""
            (session, login) = (prefix + "offerbox_session", prefix + "offerbox_login")
        }
    }

    /// The current fingerprint of a user's password file (nil: missing or not a hash).
    func passwordFingerprint(_ user: Configuration.Web.User) -> String? {
        (try? PasswordFile.read(user.passwordFile)).map(PasswordFile.fingerprint)
    }

    /// The client's address: the peer's, or, when the peer is a reverse proxy on this machine, the
    /// last address it added to `X-Forwarded-For` (the one it saw; earlier ones are the client's word).
    func clientAddress(_ request: Request, _ context: WebContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard peer == "127.0.0.1" || peer == "::1",
              let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last else { return peer }
        let address = forwarded.trimmingCharacters(in: .whitespaces)
        return address.isEmpty ? peer : String(address.prefix(64))
    }

    /// Whether the browser says the request comes from another site (`Sec-Fetch-Site`): a link or an
    /// image on a sibling subdomain is same-site for the cookie, and must not download or export.
    static func isCrossSite(_ request: Request) -> Bool {
        guard let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] else { return false }
        return site != "same-origin" && site != "none"
    }

    func crossSiteRefusal(_ user: WebUser) -> Response {
        renderer.error(.forbidden, "Files are downloaded from this page only: open it and use its links.", user: user)
    }

    /// Runs store and file work on NIO's thread pool, never on Swift's few shared threads, which
    /// the daemon's own work (and its watchdog) needs.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    func visibility(for user: WebUser) -> Visibility {
        Visibility(role: user.role, sealed: now() < deadline)
    }

    /// A time as the Secretariat reads it: local time and zone name.
    func local(_ seconds: Int64) -> String {
        TimeText.format(seconds, offsetMinutes: configuration.call.localOffsetMinutes) + " " + configuration.call.localZoneName
    }
}
