import GRDB
import GRDBSQLite

/// One SQL statement whose first parameter is a large blob bound without a copy.
///
/// GRDB binds `Data` with SQLITE_TRANSIENT, so SQLite first copies the bytes and then copies them
/// again into the row it builds: a 20 MB message briefly costs 40 MB more. Binding the caller's
/// buffer with SQLITE_STATIC (valid for the duration of the step) leaves only the row's copy.
enum LargeBlobStatement {
    enum Argument {
        case text(String)
        case integer(Int64)
    }

    /// Runs `sql` with `blob` as `?1` and `arguments` as `?2`, `?3`, ...; returns sqlite3_changes.
    @discardableResult
    static func execute(_ sql: String, blob: [UInt8], arguments: [Argument], in db: Database) throws -> Int {
        let connection = db.sqliteConnection
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, connection, sql) }
        defer { sqlite3_finalize(statement) }
        code = blob.withUnsafeBytes { bytes -> Int32 in
            // An empty buffer has no address, and a NULL pointer would bind SQL NULL.
            var code = bytes.baseAddress.map { sqlite3_bind_blob64(statement, 1, $0, UInt64(bytes.count), nil) }
                ?? sqlite3_bind_zeroblob(statement, 1, 0)
            for (offset, argument) in arguments.enumerated() where code == SQLITE_OK {
                let index = Int32(offset + 2)
                switch argument {
                case .integer(let value): code = sqlite3_bind_int64(statement, index, value)
                case .text(let value): code = sqlite3_bind_text(statement, index, value, -1, SQLITE_TRANSIENT_VALUE)
                }
            }
            guard code == SQLITE_OK else { return code }
            return sqlite3_step(statement)
        }
        guard code == SQLITE_DONE else { throw error(code, connection, sql) }
        return Int(sqlite3_changes(connection))
    }

    private static func error(_ code: Int32, _ connection: OpaquePointer?, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
    }

    /// SQLITE_TRANSIENT is a macro (`(sqlite3_destructor_type)-1`) that Swift does not import.
    private static let SQLITE_TRANSIENT_VALUE = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
