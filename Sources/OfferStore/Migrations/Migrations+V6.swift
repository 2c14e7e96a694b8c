import GRDB

extension Migrations {
    // v6 (issue 13): a reply may answer a person's correction instead of a message: the corrected
    // receipt an applicant gets when a person's decision changes their offer. `reply` is rebuilt
    // (SQLite cannot relax NOT NULL in place): `messageId` becomes optional, `correctionId` is
    // new, and exactly one of the two is set. The rules stay: one reply per message (now a unique
    // index over the replies to messages), one per correction.
    // - `offer.withdrawnAt`: when a person recorded the applicant's request to withdraw (the
    //   status stays what the rules say; nothing is deleted).
    // - `offer.mergedInto`: two addresses, one applicant: the offer whose messages a person moved
    //   into another; mail from its address goes to that one from then on.
    // - `deadline`: every deadline the daemon started with, the latest in force. A later one in the
    //   configuration is an extension (the register is evaluated again); an earlier one is refused,
    //   here too: it would make counted messages late after the fact.
    // - `review.decision` may also be `answered`: a person answered a question themselves (the
    //   table is rebuilt for the CHECK, its rows and indexes as they were).
    /// Shipped: never edit (a new migration changes the schema).
    static func v6(_ db: Database) throws {
        try v6Replies(db)
        try v6Reviews(db)
        try v6Deadline(db)
        try v6Offers(db)
    }

    private static func v6Replies(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reply_v6 (
                id INTEGER PRIMARY KEY,
                messageId INTEGER REFERENCES message(id),
                correctionId INTEGER REFERENCES correction(id),
                offerId INTEGER REFERENCES offer(id),
                kind TEXT NOT NULL,
                recipient TEXT NOT NULL,
                rfc822MessageID TEXT NOT NULL UNIQUE,
                bytes BLOB NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                nextAttemptAt INTEGER NOT NULL,
                lastError TEXT,
                createdAt INTEGER NOT NULL,
                sentAt INTEGER,
                unconfirmedSince INTEGER,
                purgedAt INTEGER,
                CHECK ((messageId IS NULL) <> (correctionId IS NULL))
            ) STRICT;
            INSERT INTO reply_v6 (id, messageId, offerId, kind, recipient, rfc822MessageID, bytes, state, attempts,
                                  nextAttemptAt, lastError, createdAt, sentAt, unconfirmedSince, purgedAt)
                SELECT id, messageId, offerId, kind, recipient, rfc822MessageID, bytes, state, attempts,
                       nextAttemptAt, lastError, createdAt, sentAt, unconfirmedSince, purgedAt FROM reply;
            DROP TABLE reply;
            ALTER TABLE reply_v6 RENAME TO reply;
            CREATE UNIQUE INDEX reply_onePerMessage ON reply(messageId) WHERE messageId IS NOT NULL;
            CREATE UNIQUE INDEX reply_onePerCorrection ON reply(correctionId) WHERE correctionId IS NOT NULL;
            CREATE INDEX reply_due ON reply(state, nextAttemptAt);
            CREATE INDEX reply_recipient ON reply(recipient, createdAt);
            CREATE INDEX reply_offerId ON reply(offerId);
            """)
    }

    private static func v6Reviews(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE review_v6 (
                id INTEGER PRIMARY KEY,
                messageId INTEGER NOT NULL REFERENCES message(id),
                kind TEXT NOT NULL CHECK (kind IN ('held', 'quarantined', 'correspondence')),
                reason TEXT NOT NULL,
                openedAt INTEGER NOT NULL,
                decision TEXT CHECK (decision IN ('released', 'dismissed', 'answered')),
                decidedBy TEXT,
                decidedAt INTEGER,
                note TEXT,
                CHECK ((decision IS NULL) = (decidedAt IS NULL))
            ) STRICT;
            INSERT INTO review_v6 SELECT id, messageId, kind, reason, openedAt, decision, decidedBy, decidedAt, note FROM review;
            DROP TABLE review;
            ALTER TABLE review_v6 RENAME TO review;
            CREATE INDEX review_open ON review(decision);
            CREATE INDEX review_messageId ON review(messageId);
            CREATE UNIQUE INDEX review_onePerMessage ON review(messageId) WHERE decision IS NULL;
            """)
    }

    private static func v6Deadline(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE deadline (
                id INTEGER PRIMARY KEY,
                deadline INTEGER NOT NULL,
                noticedAt INTEGER NOT NULL
            ) STRICT;
            CREATE TRIGGER deadline_neverEarlier BEFORE INSERT ON deadline
                WHEN NEW.deadline < (SELECT max(deadline) FROM deadline)
                BEGIN SELECT RAISE(ABORT, 'a deadline earlier than the one in force'); END;
            CREATE TRIGGER deadline_noUpdate BEFORE UPDATE ON deadline
                BEGIN SELECT RAISE(ABORT, 'deadline is append-only'); END;
            CREATE TRIGGER deadline_noDelete BEFORE DELETE ON deadline
                BEGIN SELECT RAISE(ABORT, 'deadline is append-only'); END;
            """)
    }

    private static func v6Offers(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE offer ADD COLUMN withdrawnAt INTEGER;
            ALTER TABLE offer ADD COLUMN mergedInto INTEGER REFERENCES offer(id) CHECK (mergedInto IS NULL OR mergedInto <> id);
            
            """)
    }
}
