import GRDB

extension Migrations {
    // v2: raw messages and document files may live in ``BlobFiles`` instead of the row (the
    // column then holds an empty blob), and a document that is the decoded body of one MIME
    // part of a stored message is not copied at all: `sourceMessage` (the raw message's
    // SHA-256) and `sourcePart` (its IMAP section) say where it is. Rows of v1 stay readable.
    // A reply cut between its final "." and the server's answer waits for its copy
    // (`reply.unconfirmedSince`) before it is sent again.
    /// Shipped: never edit (a new migration changes the schema).
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE message ADD COLUMN rawInFile INTEGER NOT NULL DEFAULT 0 CHECK (rawInFile IN (0, 1));
            ALTER TABLE blob ADD COLUMN inFile INTEGER NOT NULL DEFAULT 0 CHECK (inFile IN (0, 1));
            ALTER TABLE blob ADD COLUMN sourceMessage TEXT;
            ALTER TABLE blob ADD COLUMN sourcePart TEXT CHECK ((sourceMessage IS NULL) = (sourcePart IS NULL));
            CREATE INDEX message_sha256 ON message(sha256);
            ALTER TABLE reply ADD COLUMN unconfirmedSince INTEGER;
            """)
    }
}
