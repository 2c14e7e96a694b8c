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
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2", migrate: v2)
        migrator.registerMigration("v3", migrate: v3)
        migrator.registerMigration("v4", migrate: v4)
        migrator.registerMigration("v5", migrate: v5)
        migrator.registerMigration("v6", migrate: v6)
        migrator.registerMigration("v7", migrate: v7)
        migrator.registerMigration("v8", migrate: v8)
        return migrator
    }
}
