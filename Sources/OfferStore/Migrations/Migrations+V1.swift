import GRDB

extension Migrations {
    /// Shipped: never edit (a new migration changes the schema).
    static func v1(_ db: Database) throws {
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
}
