import Foundation
import Testing
@testable import TicketStore

/// New ticket databases get 16 KB pages; one created with another page size keeps it and stays usable.
struct PageSizeTests {
    private func pageSize(_ db: Database) throws -> Int {
        var size = 0
        try db.prepare("PRAGMA page_size").query { size = Int($0.int(0)) }
        return size
    }

    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString).sqlite").path
    }

    @Test func newTicketDatabasesUse16KBPages() throws {
        let path = temporaryPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let tickets = try TicketDatabase(path: path)
        #expect(try pageSize(tickets.db) == 16384)
        #expect(tickets.schemaVersion > 0)
    }

    @Test func anExistingDatabaseKeepsItsPageSize() throws {
        let path = temporaryPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            let old = try Database(path: path)
            try old.execute("CREATE TABLE t (x)")
            #expect(try pageSize(old) == 4096)
        }
        let tickets = try TicketDatabase(path: path)
        #expect(try pageSize(tickets.db) == 4096)
        #expect(tickets.schemaVersion > 0)
    }
}
