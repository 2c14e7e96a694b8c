import Logging
import Hummingbird
import NIOCore
import OfferCore
import OfferStore
import OfferboxService
import Prometheus

/// `/healthz` and `/metrics`, without a login, for the monitoring a Secretariat already runs:
/// counts and times only, never a name, an address or a subject.
struct MonitoringRoutes {
    let site: Site

    func add(to router: Router<WebContext>) {
        router.get("/healthz") { _, _ in
            let health = try await site.blocking { try Health.read(site: site) }
            return Response(status: health.healthy ? .ok : .serviceUnavailable,
                            headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: health.json)))
        }
        if site.web.metrics {
            // For a scraper on this machine or behind the proxy (which decides who reaches it: see
            // config/nginx-offerbox.conf), never for the world when the page has its own certificate.
            router.get("/metrics") { _, context in
                let peer = context.remoteAddress?.ipAddress
                guard peer == nil || peer == "127.0.0.1" || peer == "::1" else {
                    return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: .init(byteBuffer: ByteBuffer(string: "metrics are served to this machine only\n")))
                }
                let metrics = try await site.blocking { try RegisterMetrics.emit(site: site) }
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(bytes: metrics)))
            }
        }
    }
}

/// The daemon's liveness as `/healthz` says it: this process answers, and each mailbox was read
/// through recently enough (three poll intervals, at least five minutes); mailboxes by number.
struct Health {
    struct Mailbox { var number: Int; var readThrough: Int64?; var fresh: Bool }
    var now: Int64
    var mailboxes: [Mailbox]
    var opened: Bool

    var healthy: Bool { mailboxes.allSatisfy(\.fresh) }

    static func read(site: Site) throws -> Health {
        let now = site.now()
        let stored = Dictionary((try site.database.mailboxes()).map { ($0.key, $0.lastFetchAt) }) { first, _ in first }
        let mailboxes = site.configuration.mailboxes.enumerated().map { index, mailbox in
            let last = stored[mailbox.key] ?? nil
            return Mailbox(number: index + 1, readThrough: last,
                           fresh: last.map { now - $0 <= Int64(max(3 * mailbox.pollIntervalSeconds, 300)) } ?? false)
        }
        return Health(now: now, mailboxes: mailboxes, opened: try site.database.isOpened(deadline: site.deadline))
    }

    var json: String {
        var json = JSONWriter(reserving: 512)
        json.beginObject()
        json.key("status"); json.string(healthy ? "ok" : "stale")
        json.key("now"); json.string(TimeText.rfc3339(now))
        json.key("mailboxes"); json.beginArray()
        for mailbox in mailboxes {
            json.beginObject()
            json.key("mailbox"); json.int(mailbox.number)
            json.key("read_through"); json.string(mailbox.readThrough.map(TimeText.rfc3339))
            json.key("age_seconds")
            if let last = mailbox.readThrough { json.int(Int(now - last)) } else { json.null() }
            json.key("fresh"); json.bool(mailbox.fresh)
            json.endObject()
        }
        json.endArray()
        json.key("register_opened"); json.bool(opened)
        json.endObject()
        json.newline()
        return json.text
    }
}

/// The register in Prometheus' text format, read at each scrape (a registry per scrape: no
/// state to go stale between them).
enum RegisterMetrics {
    static func emit(site: Site) throws -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        var byStatus: [OfferStatus: Int] = [:]
        for entry in try site.entries() { byStatus[entry.status, default: 0] += 1 }
        for status in OfferStatus.allCases {
            registry.makeGauge(name: "offerbox_offers", labels: [("status", status.rawValue)], help: "Offers in the register, by status")
                .set(Int64(byStatus[status] ?? 0))
        }
        let replies = try site.database.replyCounts()
        for state in [ReplyRecord.State.queued, .sent, .failed] {
            registry.makeGauge(name: "offerbox_replies", labels: [("state", state.rawValue)], help: "Replies to applicants, by state")
                .set(Int64(replies[state] ?? 0))
        }
        let waiting = try site.register.waitingForAPerson()
        for kind in [ReviewKind.quarantined, .held, .correspondence] {
            registry.makeGauge(name: "offerbox_waiting_for_a_person", labels: [("kind", kind.rawValue)], help: "Messages waiting for a person")
                .set(Int64(waiting.byKind[kind] ?? 0))
        }
        let health = try Health.read(site: site)
        for mailbox in health.mailboxes {
            registry.makeGauge(name: "offerbox_mailbox_read_through_seconds", labels: [("mailbox", String(mailbox.number))],
                               help: "When the mailbox was last read through (seconds since 1970; 0: never)")
                .set(Int64(mailbox.readThrough ?? 0))
        }
        registry.makeGauge(name: "offerbox_deadline_seconds", help: "The call's deadline in force (seconds since 1970)").set(Int64(site.deadline))
        registry.makeGauge(name: "offerbox_register_opened", help: "1 once the opening record is written").set(Int64(health.opened ? 1 : 0))
        return registry.emitToBuffer()
    }
}
