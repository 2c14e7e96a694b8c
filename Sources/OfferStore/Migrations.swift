import GRDB

/// The schema, one frozen migration at a time.
///
/// - Important: a migration is never modified once it has shipped; change the schema with a new one.
///   Migrations speak SQL only and depend on no application type (GRDB's "Good Practices for
///   Defining Migrations"). The schema enforces the invariants: at most one reply per message, one
///   offer per applicant, one row per (mailbox, UIDVALIDITY, UID), an append-only event log.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE mailbox (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    uidValidity INTEGER,
                    highestUID INTEGER NOT NULL DEFAULT 0 CHECK (highestUID >= 0),
                    updatedAt INTEGER NOT NULL
                ) STRICT;

                CREATE TABLE offer (
                    id INTEGER PRIMARY KEY,
                    publicID TEXT NOT NULL UNIQUE,
                    applicantAddress TEXT NOT NULL UNIQUE CHECK (applicantAddress = lower(applicantAddress)),
                    applicantName TEXT,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'incomplete', 'late')),
                    firstReceivedAt INTEGER NOT NULL,
                    receivedAt INTEGER NOT NULL,
                    attention TEXT,
                    createdAt INTEGER NOT NULL,
                    updatedAt INTEGER NOT NULL
                ) STRICT;

                CREATE TABLE message (
                    id INTEGER PRIMARY KEY,
                    messageID TEXT,
                    contentDigest TEXT NOT NULL UNIQUE,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    raw BLOB NOT NULL,
                    internalDate INTEGER NOT NULL,
                    storedAt INTEGER NOT NULL,
                    fromAddress TEXT,
                    fromName TEXT,
                    subject TEXT,
                    category TEXT NOT NULL,
                    offerId INTEGER REFERENCES offer(id),
                    counted INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1)),
                    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
                    replyDecision TEXT NOT NULL,
                    defects TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(defects))
                ) STRICT;
                CREATE INDEX message_messageID ON message(messageID);
                CREATE INDEX message_offerId ON message(offerId);

                CREATE TABLE messageLocation (
                    id INTEGER PRIMARY KEY,
                    messageId INTEGER NOT NULL REFERENCES message(id),
                    mailboxId INTEGER NOT NULL REFERENCES mailbox(id),
                    uidValidity INTEGER NOT NULL,
                    uid INTEGER NOT NULL CHECK (uid > 0),
                    internalDate INTEGER NOT NULL,
                    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
                    UNIQUE (mailboxId, uidValidity, uid)
                ) STRICT;
                CREATE INDEX messageLocation_messageId ON messageLocation(messageId);

                CREATE TABLE blob (
                    sha256 TEXT PRIMARY KEY,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    bytes BLOB NOT NULL
                ) STRICT;

                CREATE TABLE document (
                    id INTEGER PRIMARY KEY,
                    messageId INTEGER NOT NULL REFERENCES message(id),
                    partPath TEXT NOT NULL,
                    filename TEXT,
                    archive TEXT,
                    kind TEXT NOT NULL CHECK (kind IN ('letter_of_intent', 'workplan', 'financial_offer', 'cv', 'other')),
                    confidence REAL NOT NULL DEFAULT 0,
                    reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
                    sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    language TEXT,
                    hasText INTEGER NOT NULL DEFAULT 0 CHECK (hasText IN (0, 1)),
                    financial TEXT CHECK (financial IS NULL OR json_valid(financial))
                ) STRICT;
                CREATE INDEX document_messageId ON document(messageId);

                CREATE TABLE offerEvent (
                    id INTEGER PRIMARY KEY,
                    offerId INTEGER NOT NULL REFERENCES offer(id),
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    messageId INTEGER REFERENCES message(id),
                    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
                ) STRICT;
                CREATE INDEX offerEvent_offerId ON offerEvent(offerId);
                CREATE TRIGGER offerEvent_noUpdate BEFORE UPDATE ON offerEvent
                    BEGIN SELECT RAISE(ABORT, 'offerEvent is append-only'); END;
                CREATE TRIGGER offerEvent_noDelete BEFORE DELETE ON offerEvent
                    BEGIN SELECT RAISE(ABORT, 'offerEvent is append-only'); END;

                CREATE TABLE reply (
                    id INTEGER PRIMARY KEY,
                    messageId INTEGER NOT NULL UNIQUE REFERENCES message(id),
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
                    sentAt INTEGER
                ) STRICT;
                CREATE INDEX reply_due ON reply(state, nextAttemptAt);
                CREATE INDEX reply_recipient ON reply(recipient, createdAt);
                """)
        }
        // v2: raw messages and document files may live in ``BlobFiles`` instead of the row (the
        // column then holds an empty blob), and a document that is the decoded body of one MIME
        // part of a stored message is not copied at all: `sourceMessage` (the raw message's
        // SHA-256) and `sourcePart` (its IMAP section) say where it is. Rows of v1 stay readable.
        // A reply cut between its final "." and the server's answer waits for its copy
        // (`reply.unconfirmedSince`) before it is sent again.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE message ADD COLUMN rawInFile INTEGER NOT NULL DEFAULT 0 CHECK (rawInFile IN (0, 1));
                ALTER TABLE blob ADD COLUMN inFile INTEGER NOT NULL DEFAULT 0 CHECK (inFile IN (0, 1));
                ALTER TABLE blob ADD COLUMN sourceMessage TEXT;
                ALTER TABLE blob ADD COLUMN sourcePart TEXT CHECK ((sourceMessage IS NULL) = (sourcePart IS NULL));
                CREATE INDEX message_sha256 ON message(sha256);
                ALTER TABLE reply ADD COLUMN unconfirmedSince INTEGER;
                """)
        }
        // v3 (issue 8): who may change an offer, and what waits for a person.
        // - `offer.authentication`: the strongest sender check (0 none, 1 SPF, 2 DKIM, 3 DMARC) any
        //   counted message of the offer passed at the Secretariat's receiving server; a weaker one
        //   is held. `message.authentication` is what the message itself passed.
        // - `message.replyToAddress`: a Reply-To that differs from From, recorded, never answered.
        // - `review`: a message set aside for a person (held sender, quarantined poison message,
        //   correspondence), and that person's decision: who, when, why. At most one open per
        //   message (a quarantined message, once released and parsed, may be held in its turn).
        // - `suspect`: messages in flight when the daemon died, counted per death; at the limit the
        //   message is quarantined instead of processed again.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                ALTER TABLE offer ADD COLUMN authentication INTEGER NOT NULL DEFAULT 0 CHECK (authentication BETWEEN 0 AND 3);
                ALTER TABLE message ADD COLUMN authentication INTEGER NOT NULL DEFAULT 0 CHECK (authentication BETWEEN 0 AND 3);
                ALTER TABLE message ADD COLUMN replyToAddress TEXT;

                CREATE TABLE review (
                    id INTEGER PRIMARY KEY,
                    messageId INTEGER NOT NULL REFERENCES message(id),
                    kind TEXT NOT NULL CHECK (kind IN ('held', 'quarantined', 'correspondence')),
                    reason TEXT NOT NULL,
                    openedAt INTEGER NOT NULL,
                    decision TEXT CHECK (decision IN ('released', 'dismissed')),
                    decidedBy TEXT,
                    decidedAt INTEGER,
                    note TEXT,
                    CHECK ((decision IS NULL) = (decidedAt IS NULL))
                ) STRICT;
                CREATE INDEX review_open ON review(decision);
                CREATE INDEX review_messageId ON review(messageId);
                CREATE UNIQUE INDEX review_onePerMessage ON review(messageId) WHERE decision IS NULL;

                CREATE TABLE suspect (
                    mailboxKey TEXT NOT NULL,
                    uidValidity INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    deaths INTEGER NOT NULL CHECK (deaths > 0),
                    lastDeathAt INTEGER NOT NULL,
                    PRIMARY KEY (mailboxKey, uidValidity, uid)
                ) STRICT;
                """)
        }
        // v4 (issue 9): public offer numbers from a sequence, never from counting rows, so that no
        // number is issued twice once offers can be purged (issue 12). It starts after the offers
        // already there (nothing was ever deleted before, so their count is the highest number).
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TABLE sequence (
                    name TEXT PRIMARY KEY,
                    next INTEGER NOT NULL CHECK (next > 0)
                ) STRICT;
                INSERT INTO sequence (name, next) SELECT 'offer', count(*) + 1 FROM offer;
                """)
        }
        return migrator
    }
}
