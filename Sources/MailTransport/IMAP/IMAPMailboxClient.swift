public import Logging

/// An IMAP mailbox, read the way offerbox needs it: poll for UIDVALIDITY and UIDNEXT,
/// list new UIDs, fetch each message byte-exact without touching \Seen, then flag (and
/// optionally move) what was stored.
///
/// One connection (one login) serves every call until `disconnect()` or an error;
/// libcurl reconnects on the next call after a failure. Calls are serialised and run
/// on a private dispatch queue, never on the cooperative thread pool.
/// Every error is a `MailTransportError`; see its `kind`.
public final class IMAPMailboxClient: Sendable {
    public let configuration: IMAPConfiguration
    private let worker: BlockingQueue<IMAPSession>

    public init(configuration: IMAPConfiguration, logger: Logger) throws(MailTransportError) {
        self.configuration = configuration
        let session = try IMAPSession(configuration: configuration, logger: logger)
        worker = BlockingQueue(label: "offerbox.imap.\(session.endpoint.authority)", state: session)
    }

    deinit {
        worker.runAndWait { $0.disconnect() }
    }

    /// UIDVALIDITY, UIDNEXT and the message count, fresh (the mailbox is re-EXAMINEd).
    public func status() async throws(MailTransportError) -> IMAPMailboxStatus {
        try await worker.run { session throws(MailTransportError) in try session.status() }
    }

    /// UIDs above `lastUID` and below `uidNext`, ascending, at most `limit`, found by
    /// `UID SEARCH` in windows of `searchWindow` UIDs after a NOOP.
    /// `unstoredOnly` skips messages that already carry the stored keyword.
    public func newUIDs(
        after lastUID: UInt32, upTo uidNext: UInt32, limit: Int = 1000, unstoredOnly: Bool = false
    ) async throws(MailTransportError) -> [UInt32] {
        try await worker.run { session throws(MailTransportError) in
            try session.newUIDs(after: lastUID, upTo: uidNext, limit: limit, unstoredOnly: unstoredOnly)
        }
    }

    /// INTERNALDATE, RFC822.SIZE and flags of the given UIDs; UIDs that are gone are absent.
    public func messageInfos(uids: [UInt32]) async throws(MailTransportError) -> [IMAPMessageInfo] {
        try await worker.run { session throws(MailTransportError) in try session.infos(uids) }
    }

    /// One message, byte-exact, with its INTERNALDATE and size; \Seen stays as it was.
    /// Throws `.messageGone` (kind `.perMessage`) when the UID no longer exists and
    /// `.uidValidityChanged` when the mailbox was reset.
    public func fetch(uid: UInt32, uidValidity: UInt32) async throws(MailTransportError) -> IMAPMessage {
        try await worker.run { session throws(MailTransportError) in
            guard let info = try session.infos([uid]).first else {
                throw .perMessage(.messageGone, "UID \(uid) does not exist in \(session.endpoint.mailbox)")
            }
            return try session.fetch(info, uidValidity: uidValidity)
        }
    }

    /// Like `fetch(uid:uidValidity:)` when the info is already known (one round trip less).
    public func fetch(_ info: IMAPMessageInfo, uidValidity: UInt32) async throws(MailTransportError) -> IMAPMessage {
        try await worker.run { session throws(MailTransportError) in try session.fetch(info, uidValidity: uidValidity) }
    }

    /// Sets the stored keyword on `uids`, then moves them if `moveStoredTo` is set.
    /// Call it only for messages that are safely stored.
    public func markStored(uids: [UInt32], uidValidity: UInt32) async throws(MailTransportError) -> IMAPStoreResult {
        try await worker.run { session throws(MailTransportError) in try session.markStored(uids, uidValidity: uidValidity) }
    }

    /// Of `uids`, those the mailbox still holds.
    public func existing(uids: [UInt32], uidValidity: UInt32) async throws(MailTransportError) -> [UInt32] {
        try await worker.run { session throws(MailTransportError) in try session.existing(uids, uidValidity: uidValidity) }
    }

    /// Removes `uids` from the server for good (retention); false when the server lacks UIDPLUS
    /// and they could only be marked \Deleted.
    public func expunge(uids: [UInt32], uidValidity: UInt32) async throws(MailTransportError) -> Bool {
        try await worker.run { session throws(MailTransportError) in try session.expunge(uids, uidValidity: uidValidity) }
    }

    /// Logs out. The next call logs in again.
    public func disconnect() async {
        _ = try? await worker.run { session throws(MailTransportError) in session.disconnect() }
    }
}
