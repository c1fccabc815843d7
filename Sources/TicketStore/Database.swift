internal import CSQLite
import Foundation

/// One SQLite connection: opened in `init`, closed in `deinit`. WAL mode, a
/// busy timeout, foreign keys; a new database file is created with mode 0600.
public final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String

    /// `pageSize`: for a file created here (an existing one keeps its own).
    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000, pageSize: Int? = nil) throws {
        self.path = path
        let existed = FileManager.default.fileExists(atPath: path)
        if !existed && path != ":memory:" {
            // Create it private before SQLite writes anything into it.
            let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        var db: OpaquePointer? = nil
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, context: "open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        try execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        if let pageSize, !existed { try execute("PRAGMA page_size=\(pageSize)") }  // before WAL and the first table
        try enableWAL(timeoutMilliseconds: busyTimeoutMilliseconds)
        // The last connection to close checkpoints the WAL (SQLite's default). Leaving it for the next
        // process (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE) was tried for deliver: each new process then had
        // to rebuild the WAL index from the whole WAL, and a run grew from 14 to 35 ms over 1,000
        // messages. journal_size_limit keeps the WAL file small after checkpoints.
        try execute("PRAGMA journal_size_limit=4194304;")
    }

    /// WAL mode is stored in the file, so it is set only when the file is not in it yet. Setting it
    /// needs a lock SQLite does not wait for (no busy handler): processes creating the same new
    /// database at once retry here, up to the busy timeout, instead of failing.
    private func enableWAL(timeoutMilliseconds: Int32) throws {
        var waited: Int32 = 0
        while true {
            do {
                var mode = ""
                try prepare("PRAGMA journal_mode").query { mode = $0.text(0) }
                if mode.lowercased() == "wal" || path == ":memory:" { return }
                try execute("PRAGMA journal_mode=WAL")
                return
            } catch let e as SQLiteError where e.code & 0xFF == SQLITE_BUSY && waited < timeoutMilliseconds {
                usleep(10_000)
                waited += 10
            }
        }
    }

    /// Prepared statements by SQL, reused (a connection is used by one thread at a time).
    private var cache: [String: Statement] = [:]

    deinit {
        cache.removeAll()  // finalize before closing
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters (schema, pragmas, BEGIN/COMMIT).
    public func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, "execute \(sql.prefix(60))") }
    }

    /// The rowid of the last INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// A prepared statement for `sql`, compiled once per connection and reused.
    public func prepare(_ sql: String) throws -> Statement {
        if let s = cache[sql] { return s }
        let s = try Statement(database: self, sql: sql)
        cache[sql] = s
        return s
    }

    /// Runs `body` in one transaction (BEGIN IMMEDIATE: the write lock is taken up front).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ rc: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), context: context)
    }
}
