import OfferCore
import OfferStore
import Logging
public import Hummingbird
public import HummingbirdAuth
public import NIOCore
public import OfferboxService

/// One request's context: its session (a cookie naming server-side data), the user it belongs to
/// once `RequireLogin` found one, and the peer's address (for the login throttle).
public struct WebContext: SessionRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<WebSession>
    public let remoteAddress: SocketAddress?
    /// The logged-in user; set by `RequireLogin` for every route behind it.
    public var user: WebUser?
    /// A POST's form fields, read (and its CSRF token checked) by `RequireLogin`.
    public var form: [String: String] = [:]

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.sessions = .init()
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// What the session cookie stands for, kept in the server's memory only: who (nil before the
/// login) and the token every form of the session must carry back (CSRF).
public struct WebSession: Codable, Sendable {
    public var user: String?
    public var csrf: String
    /// When the user logged in (seconds since 1970).
    public var since: Int64?
    /// The fingerprint of the password hash the user logged in with (`offerbox passwd` ends the session).
    public var password: String?
}

/// A logged-in user of the page.
public struct WebUser: Sendable, Equatable {
    public var name: String
    public var role: WebRole
    public var csrf: String
}

public typealias WebRole = Configuration.WebRole
