import OfferCore
import OfferStore
public import Hummingbird
import HummingbirdAuth
import HummingbirdTLS
import Logging
import NIOCore
import OfferboxService
public import ServiceLifecycle

/// The page's routes and server, for `offerbox run` (beside the daemon) and `offerbox serve`.
public enum WebApplication {
    /// Every route: public ones (login, assets, `/healthz`, `/metrics`), the rest behind a login.
    /// `corrected` rings the outbox after a correction (no-op for `serve`).
    public static func router(site: Site, sessions: any PersistDriver, corrected: @escaping @Sendable () -> Void = {}) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders(https: site.web.tlsCertificate != nil))
        router.add(middleware: SessionMiddleware(storage: sessions, configuration: SessionMiddlewareConfiguration(
            sessionCookieParameters: SessionCookieParameters(name: site.cookieNames.session, path: "/", secure: site.web.secureCookies, sameSite: .strict),
            keyPrefix: "session.", defaultSessionExpiration: .seconds(site.web.sessionHours * 3600))))
        router.get("/assets/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "private, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.style_css)))
        }
        MonitoringRoutes(site: site).add(to: router)
        LoginRoutes(site: site).add(to: router)
        let pages = router.group().add(middleware: RequireLogin(site: site))
        PageRoutes(site: site).add(to: pages)
        DocumentRoutes(site: site).add(to: pages)
        ExportRoutes(site: site).add(to: pages)
        CorrectionRoutes(site: site, corrected: corrected).add(to: pages)
        // Unknown paths get the page's 404 (and its headers), not the router's bare one.
        router.get("**") { _, _ in site.renderer.error(.notFound, "There is no such page.", user: nil) }
        return router
    }

    /// The server as a service of a `ServiceGroup` (its session store runs inside it).
    public static func service(site: Site, corrected: @escaping @Sendable () -> Void = {}) throws -> some Service {
        let sessions = MemoryPersistDriver()
        let router = router(site: site, sessions: sessions, corrected: corrected)
        let configuration = ApplicationConfiguration(address: .hostname(site.web.host, port: site.web.port), serverName: nil)
        var logger = site.logger
        logger[metadataKey: "ob.web"] = "\(site.web.host):\(site.web.port)"
        if let certificate = site.web.tlsCertificate, let key = site.web.tlsKey {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            return Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration,
                               services: [sessions], logger: logger)
        }
        return Application(router: router, configuration: configuration, services: [sessions], logger: logger)
    }
}
