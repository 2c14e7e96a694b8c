import Logging
import MIME
import OfferCore
import OfferStore
import OfferboxService

/// The overview: the call at a glance, as each role may see it.
struct OverviewPage {
    struct Count { var value: String; var count: Int }
    struct Day { var day: String; var count: Int }
    struct Waiting { var kind: String; var count: Int }
    struct Mailbox { var name: String; var lastFetch: String; var ago: String; var stale: Bool }
    struct Change { var at: String; var offer: String; var kind: String }
    struct Opening {
        var openedAt: String, deadline: String, sha256: String
        var offers: Int, documents: Int
        var downloadable: Bool
        var changes: [Change]
        var hasChanges: Bool
        var changesTruncated: Bool
        var changesShown: Int
    }

    var deadline: String
    var closed: Bool
    var timeToDeadline: String
    var total: Int
    var statuses: [Count]
    var repliesSent: Int, repliesQueued: Int, repliesFailed: Int
    /// Mustache takes 0 for true: the warning colours need booleans.
    var anyQueued: Bool { repliesQueued > 0 }
    var anyFailed: Bool { repliesFailed > 0 }
    var waitingTotal: Int
    var waiting: [Waiting]
    var showReviewHint: Bool
    var chart: String
    var arrivals: [Day]
    var mailboxes: [Mailbox]
    var opening: Opening?

    /// Changes after the opening that the page lists at most.
    static let changesShown = 200
    /// History entries that record who looked, not what changed.
    static let accessKinds: [OfferEventKind] = [.documentAccessed, .documentsExported, .registerOpened]

    static func build(site: Site, visibility: Visibility) throws -> OverviewPage {
        let now = site.now()
        let entries = try site.entries()
        let call = site.configuration.call
        var byStatus: [OfferStatus: Int] = [:]
        for entry in entries { byStatus[entry.status, default: 0] += 1 }
        let replies = try site.database.replyCounts()
        let waiting = try site.register.waitingForAPerson()
        let days = ArrivalsChart.days(firstReceived: entries.map(\.firstReceivedAt), deadline: site.deadline, offsetMinutes: call.localOffsetMinutes)
        let dayLabel = { (day: Int64) -> String in
            let (_, month, dayOfMonth) = CivilCalendar.civilFromDays(day)
            return "\(month < 10 ? "0" : "")\(month)-\(dayOfMonth < 10 ? "0" : "")\(dayOfMonth)"
        }
        let stored = Dictionary((try site.database.mailboxes()).map { ($0.key, $0) }) { first, _ in first }
        let mailboxes = site.configuration.mailboxes.map { mailbox -> Mailbox in
            let last = stored[mailbox.key]?.lastFetchAt
            return Mailbox(name: mailbox.key, lastFetch: last.map(site.local) ?? "never", ago: last.map { PageText.duration(now - $0) } ?? "",
                           stale: last.map { now - $0 > Int64(max(3 * mailbox.pollIntervalSeconds, 300)) } ?? true)
        }
        return OverviewPage(
            deadline: site.local(site.deadline), closed: now >= site.deadline, timeToDeadline: PageText.duration(site.deadline - now),
            total: entries.count, statuses: OfferStatus.allCases.map { Count(value: $0.rawValue, count: byStatus[$0] ?? 0) },
            repliesSent: replies[.sent] ?? 0, repliesQueued: replies[.queued] ?? 0, repliesFailed: replies[.failed] ?? 0,
            waitingTotal: waiting.total,
            waiting: [ReviewKind.quarantined, .held, .correspondence].map { Waiting(kind: $0.rawValue, count: waiting.byKind[$0] ?? 0) },
            showReviewHint: visibility.reviewQueue && waiting.total > 0,
            chart: ArrivalsChart.svg(days, label: dayLabel),
            arrivals: days.map { Day(day: dayLabel($0.day), count: $0.count) },
            mailboxes: mailboxes,
            opening: try opening(site: site, visibility: visibility))
    }

    private static func opening(site: Site, visibility: Visibility) throws -> Opening? {
        guard let record = try site.database.latestOpening(withRecord: false) else { return nil }
        let changes = try site.database.events(after: record.lastEventId, excluding: accessKinds, limit: changesShown + 1)
        return Opening(
            openedAt: site.local(record.openedAt), deadline: site.local(record.deadline), sha256: record.sha256, offers: record.offers,
            documents: record.documents, downloadable: visibility.documents && record.purgedAt == nil,
            changes: changes.prefix(changesShown).map { Change(at: site.local($0.event.at), offer: $0.publicID, kind: $0.event.kind.rawValue) },
            hasChanges: !changes.isEmpty, changesTruncated: changes.count > changesShown, changesShown: changesShown)
    }
}
