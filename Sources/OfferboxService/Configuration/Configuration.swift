public import MIME
public import OfferCore
import OfferStore

/// The whole of `offerbox.toml`, validated. Defaults live here and nowhere else.
///
/// Keys (see `config/offerbox.toml` for the commented example):
/// - `[call]`: `reference` (string, required), `title` (string, required), `deadline` (date-time with
///   offset, required), `required_documents` (array of kinds, default the four), `own_addresses`
///   (array of addresses, default `[]`), `budget_cap` (string such as `"25000 EUR"`, optional),
///   `local_time_offset` (`"+01:00"`, default: the deadline's offset, or +01:00 for a deadline in UTC),
///   `local_time_name` (default `"CET"` for +01:00, else `UTC+HH:MM`).
/// - `[[mailbox]]` (one or more): `url`, `username` (required), one of `password_file`, `password_env`,
///   `oauth2_token_file`; `ca_file` (optional), `poll_interval_seconds` (int, default 60),
///   `allow_plaintext` (bool, default false), `stored_keyword` (default `$OfferboxStored`),
///   `move_to` (folder, optional), `idle` (bool, default true).
/// - `[smtp]`: `url`, `from` (required), `username`, one of `password_file` / `password_env`
///   (optional: no auth when absent), `ca_file`, `allow_plaintext`, `envelope_from` (optional).
/// - `[store]`: `database` (path, default `/var/lib/offerbox/offers.sqlite`), `files` (folder of raw
///   messages and documents, default `<database>.files`).
/// - `[security]`: `authserv_id` (the receiving server's RFC 8601 authserv-id, optional).
/// - `[replies]`: `daily_limit_per_address` (int, default 5), `templates` (folder of templates
///   overriding the built-in ones, optional), `copy_to` (address, optional), `confirm_wait_seconds` (int, default 600).
/// - `[web]` (optional): the register's web page; see ``Web``.
/// - `[retention]` (optional; absent: nothing is purged): `counted_from` (date-time with offset,
///   default `call.deadline`), `raw_messages_days` (365), `documents_days` (1826), `identities_days`
///   (1826); see ``RetentionPolicy``.
public struct Configuration: Sendable, Equatable {
    public var call: Call
    public var mailboxes: [Mailbox]
    public var smtp: SMTP
    public var store: Store
    public var replies: Replies
    public var security = Security()
    /// `[web]`: nil when the register has no web page.
    public var web: Web? = nil
    /// `[retention]`: nil when nothing is ever purged (the Secretariat must decide the durations).
    public var retention: RetentionPolicy? = nil

    public struct Call: Sendable, Equatable {
        public var reference: String
        public var title: String
        /// Seconds since 1970-01-01T00:00:00Z: a message received at or after it is late.
        public var deadline: Int64
        /// The offset the deadline was written with, in minutes east of UTC (CET: 60), for replies.
        public var deadlineOffsetMinutes: Int
        public var requiredDocuments: [DocumentKind]
        public var ownAddresses: [String]
        /// The call's cap excluding VAT, parsed at load (`"25000 EUR"`); nil: no cap is checked.
        public var budgetCap: Money?
        /// The zone replies and the register show local times in, minutes east of UTC (ASToN: CET, +60).
        public var localOffsetMinutes: Int = 60
        /// Its name in replies, e.g. `CET`.
        public var localZoneName: String = "CET"
        /// `announce_deadline_extension`: when the deadline is extended, everyone who applied is
        /// told (a corrected receipt), not only those whose offer changed. Default false.
        public var announceDeadlineExtension = false
    }

    /// Where a secret comes from; the secret itself is read when it is needed, never stored here.
    public enum SecretSource: Sendable, Equatable {
        case file(String)
        case environment(String)
        case oauth2TokenFile(String)
    }

    public struct Mailbox: Sendable, Equatable {
        public var url: String
        public var username: String
        public var secret: SecretSource
        public var caFile: String?
        public var pollIntervalSeconds: Int = 60
        public var allowPlaintext: Bool = false
        public var storedKeyword: String = "$OfferboxStored"
        public var moveTo: String?
        public var idle: Bool = true
    }

    public struct SMTP: Sendable, Equatable {
        public var url: String
        /// `from`, parsed at load: the name (decoded) and address replies are sent from.
        public var from: MessageBuilder.Mailbox
        public var username: String?
        public var secret: SecretSource?
        public var caFile: String?
        public var allowPlaintext: Bool = false
        /// MAIL FROM, worked out at load: the address of `envelope_from`, `""` (the null sender) for
        /// `envelope_from = "<>"` or `""`, else the address of `from`.
        public var envelopeSender: String
    }

    public struct Store: Sendable, Equatable {
        public var database: String = "/var/lib/offerbox/offers.sqlite"
        /// Where raw messages and documents are kept, named by SHA-256; nil: `<database>.files`.
        public var files: String?

        public var filesDirectory: String { files ?? OfferDatabase.defaultFilesDirectory(database: database) }
    }

    public struct Replies: Sendable, Equatable {
        public var dailyLimitPerAddress: Int = 5
        /// A folder whose `KIND.mustache` files replace the built-in templates; nil: built-in only.
        public var templates: String?
        /// A Secretariat address that gets a copy of every reply (an extra envelope recipient, in
        /// no header). When it is a mailbox offerbox reads, the copy also settles a reply a crash
        /// cut between its final "." and the server's answer: sent if the copy arrives, sent again
        /// only after `confirmWaitSeconds` without it.
        public var copyTo: String?
        public var confirmWaitSeconds: Int = 600
    }

    public struct Security: Sendable, Equatable {
        /// The authserv-id the Secretariat's own receiving server writes in `Authentication-Results`
        /// (RFC 8601), lowercased; nil: no such result is trusted (every sender counts as unauthenticated).
        public var authservID: String?
    }

    /// `$OFFERBOX_CONFIG`, else this.
    public static let defaultPath = "/etc/offerbox/offerbox.toml"
}
