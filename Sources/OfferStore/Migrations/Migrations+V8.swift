import GRDB

extension Migrations {
    // v8 (issue 12): personal data leaves on schedule; the proof stays.
    // - `offer.identityPurgedAt`: when retention removed the applicant's name and address (the
    //   address becomes `purged-<publicID>`, still unique) and every text that came with their mail:
    //   senders, subjects, file names, reply texts, the notes that quote them.
    // - `reply.sha256`: the SHA-256 of a reply's bytes, written when retention removes them, so that a
    //   receipt an applicant kept can still be checked against the register.
    // - `messageLocation.expungedAt`: when retention deleted the server's copy of a purged message
    //   (`[retention] expunge_from_server`); the location stays, so the copy is never fetched again.
    // - `offerEvent.redactedAt`, `correction.redactedAt`: the history and the corrections stay
    //   append-only, except that retention may redact their free text once (the free-text keys of
    //   `detail`, `reason`): the triggers allow that one change and nothing else (the detail
    //   without its `reason` and `replaced` keys; the reason replaced by a fixed text).
    // - An index of the documents whose bytes are a part of a message (a purge asks it per message).
    /// Shipped: never edit (a new migration changes the schema).
    static func v8(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE offer ADD COLUMN identityPurgedAt INTEGER;
            ALTER TABLE reply ADD COLUMN sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64);
            ALTER TABLE offerEvent ADD COLUMN redactedAt INTEGER;
            ALTER TABLE correction ADD COLUMN redactedAt INTEGER;
            ALTER TABLE messageLocation ADD COLUMN expungedAt INTEGER;

            DROP TRIGGER offerEvent_noUpdate;
            CREATE TRIGGER offerEvent_onlyRedaction BEFORE UPDATE ON offerEvent
                WHEN OLD.redactedAt IS NOT NULL OR NEW.redactedAt IS NULL OR NEW.id IS NOT OLD.id OR NEW.offerId IS NOT OLD.offerId
                     OR NEW.at IS NOT OLD.at OR NEW.kind IS NOT OLD.kind OR NEW.messageId IS NOT OLD.messageId
                     OR NEW.detail IS NOT json_remove(OLD.detail, '$.reason', '$.replaced')
                BEGIN SELECT RAISE(ABORT, 'offerEvent is append-only (retention may redact its text once)'); END;
            DROP TRIGGER correction_noUpdate;
            CREATE TRIGGER correction_onlyRedaction BEFORE UPDATE ON correction
                WHEN OLD.redactedAt IS NOT NULL OR NEW.redactedAt IS NULL OR NEW.id IS NOT OLD.id OR NEW.offerId IS NOT OLD.offerId
                     OR NEW.messageId IS NOT OLD.messageId OR NEW.documentId IS NOT OLD.documentId OR NEW.kind IS NOT OLD.kind
                     OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after OR NEW.decidedBy IS NOT OLD.decidedBy
                     OR NEW.at IS NOT OLD.at OR NEW.reason IS NOT '(removed by retention)'
                BEGIN SELECT RAISE(ABORT, 'correction is append-only (retention may redact its reason once)'); END;
            CREATE INDEX blob_sourceMessage ON blob(sourceMessage) WHERE sourceMessage IS NOT NULL;
            """)
    }
}
