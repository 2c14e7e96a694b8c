import GRDB

extension Migrations {
    // v7 (issue 10): the register on a web page.
    // - `opening`: the register as it stood at a deadline, written once (the committee opens the
    //   offers against it): its SHA-256, when it was written, and the record itself (JSON). Rows are
    //   never deleted and never change, except that retention may remove the record's bytes
    //   (`record` set NULL with `purgedAt`): the SHA-256 stays, the proof. `lastEventId`: the last
    //   history entry the record reflects; every later one changed the register after the opening.
    // - `mailbox.lastFetchAt`: when a pass over the mailbox last succeeded (`/healthz`, the overview).
    /// Shipped: never edit (a new migration changes the schema).
    static func v7(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE opening (
                id INTEGER PRIMARY KEY,
                deadline INTEGER NOT NULL UNIQUE,
                openedAt INTEGER NOT NULL,
                sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                offers INTEGER NOT NULL,
                documents INTEGER NOT NULL,
                lastEventId INTEGER NOT NULL,
                record BLOB,
                purgedAt INTEGER,
                CHECK ((record IS NULL) = (purgedAt IS NOT NULL))
            ) STRICT;
            CREATE TRIGGER opening_noDelete BEFORE DELETE ON opening
                BEGIN SELECT RAISE(ABORT, 'opening is append-only'); END;
            CREATE TRIGGER opening_onlyPurge BEFORE UPDATE ON opening
                WHEN NEW.deadline IS NOT OLD.deadline OR NEW.openedAt IS NOT OLD.openedAt OR NEW.sha256 IS NOT OLD.sha256
                     OR NEW.offers IS NOT OLD.offers OR NEW.documents IS NOT OLD.documents
                     OR NEW.lastEventId IS NOT OLD.lastEventId OR NEW.record IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'opening is append-only (only its record may be purged)'); END;

            ALTER TABLE mailbox ADD COLUMN lastFetchAt INTEGER;
            """)
    }
}
