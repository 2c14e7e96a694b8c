import GRDB

extension Migrations {
    // v4 (issue 9): public offer numbers from a sequence, never from counting rows, so that no
    // number is issued twice once offers can be purged (issue 12). It starts after the offers
    // already there (nothing was ever deleted before, so their count is the highest number).
    /// Shipped: never edit (a new migration changes the schema).
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sequence (
                name TEXT PRIMARY KEY,
                next INTEGER NOT NULL CHECK (next > 0)
            ) STRICT;
            INSERT INTO sequence (name, next) SELECT 'offer', count(*) + 1 FROM offer;
            """)
    }
}
