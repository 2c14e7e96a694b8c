import GRDB

extension Migrations {
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
    /// Shipped: never edit (a new migration changes the schema).
    static func v3(_ db: Database) throws {
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
}
