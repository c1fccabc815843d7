/// A failed SQLite call: the result code, SQLite's message and what was being done.
/// Never contains bound values or mail text.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var context: String

    public var description: String { "\(context): \(message) (SQLite code \(code))" }

    /// Busy, locked, full disk, read-only, I/O: the delivery hook should ask the MTA to retry.
    public var isTransient: Bool {
        let primary = code & 0xFF
        return [5, 6, 13, 8, 10, 14].contains(primary)  // BUSY, LOCKED, FULL, READONLY, IOERR, CANTOPEN
    }
}
