internal import CSQLite
import Glibc

/// A prepared statement, owned here and finalized in `deinit`; values are only
/// ever bound, never spliced into SQL.
/// Not thread-safe: a statement belongs to its connection, used by one thread at a time
/// (`@unchecked Sendable` so a lazily read model can hold one).
public final class Statement: @unchecked Sendable {
    /// Unowned: the database owns its cached statements and outlives them.
    private unowned let database: Database
    private let handle: OpaquePointer
    private let sql: String

    init(database: Database, sql: String) throws {
        self.database = database
        self.sql = sql
        var stmt: OpaquePointer? = nil
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw database.error(rc, "prepare \(sql.prefix(60))") }
        handle = stmt
    }

    deinit { sqlite3_finalize(handle) }

    public enum Value {
        case int(Int64), double(Double), text(String), blob([UInt8]), null
    }

    /// Binds parameters 1…n, runs the statement to completion and resets it.
    public func run(_ values: [Value] = []) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw database.error(rc, "step \(sql.prefix(60))") }
    }

    /// Binds parameters and calls `row` for each result row.
    public func query(_ values: [Value] = [], row: (Row) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw database.error(rc, "step \(sql.prefix(60))") }
            try row(Row(handle: handle))
        }
    }

    /// Rows changed by the last `run`.
    public var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(handle))) }

    private func bind(_ values: [Value]) throws {
        sqlite3_clear_bindings(handle)
        for (i, v) in values.enumerated() {
            let k = Int32(i + 1)
            let rc: Int32
            switch v {
            case .int(let n): rc = sqlite3_bind_int64(handle, k, n)
            case .double(let d): rc = sqlite3_bind_double(handle, k, d)
            case .text(let s): rc = bindText(s, at: k)
            case .blob(let b): rc = b.withUnsafeBytes { sqlite3_bind_blob(handle, k, $0.baseAddress, Int32(b.count), bt_sqlite_transient()) }
            case .null: rc = sqlite3_bind_null(handle, k)
            }
            guard rc == SQLITE_OK else { throw database.error(rc, "bind \(k) in \(sql.prefix(60))") }
        }
    }

    /// Binds the string's UTF-8 in place (SQLite copies it), up to a NUL as a C string would
    /// be: converting each text to a temporary C string, which SQLite then measured, cost
    /// more than the rest of binding a row.
    private func bindText(_ text: String, at k: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { u in
            guard let base = u.baseAddress, u.count > 0 else { return sqlite3_bind_text(handle, k, "", 0, bt_sqlite_transient()) }
            let length = memchr(base, 0, u.count).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? u.count
            return base.withMemoryRebound(to: CChar.self, capacity: u.count) {
                sqlite3_bind_text(handle, k, $0, Int32(length), bt_sqlite_transient())
            }
        }
    }

    /// Column access for the current row.
    public struct Row {
        let handle: OpaquePointer
        public func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
        public func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
        public func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(handle, i) else { return "" }
            return String(cString: p)
        }
        public func blob(_ i: Int32) -> [UInt8] { withBlobBytes(i) { Array($0) } }
        /// The text's bytes up to its first NUL (what `text` reads), without making a String.
        public func withTextBytes<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
            guard let p = sqlite3_column_text(handle, i) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            return try body(UnsafeBufferPointer(start: p, count: strlen(p)))
        }
        /// The blob's bytes, without copying them.
        public func withBlobBytes<T>(_ i: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
            let n = Int(sqlite3_column_bytes(handle, i))
            guard n > 0, let p = sqlite3_column_blob(handle, i) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            return try body(UnsafeRawBufferPointer(start: p, count: n))
        }
        public func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    }
}
