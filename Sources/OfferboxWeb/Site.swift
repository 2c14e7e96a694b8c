import OfferCore
public import Foundation
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
    }

    /// The deadline the seal lifts at: the deadline in force.
    var deadline: Int64 { register.deadline }

    func visibility(for user: WebUser) -> Visibility {
        Visibility(role: user.role, sealed: now() < deadline)
    }

    /// A time as the Secretariat reads it: local time and zone name.
    func local(_ seconds: Int64) -> String {
        TimeText.format(seconds, offsetMinutes: configuration.call.localOffsetMinutes) + " " + configuration.call.localZoneName
    }
}
