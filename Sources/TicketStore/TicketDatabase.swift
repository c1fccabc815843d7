import Foundation

/// The ticket database (SPEC §9): one SQLite file, WAL, busy timeout,
/// migrations recorded in `schema_version`, created with mode 0600. Writes go
/// through `write`, one BEGIN IMMEDIATE transaction each, so concurrent
/// delivery processes serialize on the lock instead of failing.
public final class TicketDatabase: @unchecked Sendable {
    let db: Database
    public var path: String { db.path }

    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000) throws {
        // 16 KB pages for a new database (SQLite's default is 4 KB): a stored message (its compressed
        // raw text and its text views, ~6 KB) then fits in one page instead of a chain of overflow
        // pages, and a batch chunk's commit and checkpoint move the same bytes in a quarter of the
        // writes: 20,000 bench messages took 63,000 pwrite and 30,000 pread calls instead of 223,000
        // and 107,000 (strace), for a file 8% larger.
        db = try Database(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, pageSize: 16384)
        // 16 MB of page cache (the default is 2 MB): a batch chunk's inserts touch the message
        // indexes all over, and re-reading those pages was a good part of each write.
        try db.execute("PRAGMA cache_size=-16384")
        try Schema.migrate(db)
    }

    public var schemaVersion: Int {
        var v = 0
        try? db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version").query { v = Int($0.int(0)) }
        return v
    }

    /// Runs `body` in one write transaction; everything or nothing is committed.
    public func write<T>(_ body: (TicketTransaction) throws -> T) throws -> T {
        try db.transaction { try body(TicketTransaction(db: db)) }
    }

    /// Reads inside a transaction-less connection (WAL readers never block writers).
    public func read<T>(_ body: (TicketTransaction) throws -> T) throws -> T {
        try body(TicketTransaction(db: db))
    }
}

/// The operations of one transaction. Values are always bound, never spliced into SQL.
public struct TicketTransaction {
    let db: Database

    // MARK: duplicates and threading

    /// The ticket a message with this key already belongs to.
    public func ticketForMessage(key: String) throws -> Int64? {
        var id: Int64? = nil
        try db.prepare("SELECT ticket_id FROM messages WHERE message_key = ?").query([.text(key)]) { id = $0.int(0) }
        return id
    }

    /// The ticket of any of these Message-IDs: a message of ours, or one of our acknowledgements.
    public func ticketForMessageIDs(_ ids: [String]) throws -> Int64? {
        let byMessage = try db.prepare("SELECT ticket_id FROM messages WHERE message_id = ? LIMIT 1")
        let byAck = try db.prepare("SELECT ticket_id FROM acknowledgements WHERE message_id = ? LIMIT 1")
        for id in ids.reversed() where !id.isEmpty {  // the newest reference first
            var found: Int64? = nil
            try byMessage.query([.text(id)]) { found = $0.int(0) }
            if found == nil { try byAck.query([.text(id)]) { found = $0.int(0) } }
            if let found { return found }
        }
        return nil
    }

    /// The newest open ticket of this sender that mentions one of these invoice numbers.
    public func openTicket(sender: String, invoices: [String]) throws -> Int64? {
        guard !sender.isEmpty else { return nil }
        let s = try db.prepare("""
            SELECT t.id FROM tickets t JOIN invoices i ON i.ticket_id = t.id
            WHERE t.sender = ? AND t.status != 'closed' AND i.value = ?
            ORDER BY t.updated_at DESC LIMIT 1
            """)
        for invoice in invoices {
            var found: Int64? = nil
            try s.query([.text(sender.lowercased()), .text(invoice)]) { found = $0.int(0) }
            if let found { return found }
        }
        return nil
    }

    public func snapshot(_ id: Int64) throws -> TicketSnapshot? {
        var snap: TicketSnapshot? = nil
        try db.prepare("SELECT id, status, priority, priority_reasons, follow_ups, created_at FROM tickets WHERE id = ?")
            .query([.int(id)]) { r in
                snap = TicketSnapshot(id: r.int(0), status: r.text(1), priority: r.text(2),
                                      priorityReasons: JSONList.decode(r.text(3)), followUps: Int(r.int(4)),
                                      createdAt: Timestamp.date(r.text(5)) ?? Date())
            }
        return snap
    }

    // MARK: writes

    public func insertTicket(_ t: NewTicket) throws -> Int64 {
        try db.prepare("""
            INSERT INTO tickets (status, created_at, updated_at, sender, sender_name, subject, language, intent,
                secondary_intents, confidence, needs_review, priority, priority_reasons, sla_due, queue, tags, automated)
            VALUES ('open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                .text(Timestamp.string(t.createdAt)), .text(Timestamp.string(t.createdAt)), .text(t.sender.lowercased()),
                .text(t.senderName), .text(t.subject), .text(t.language), .text(t.intent),
                .text(JSONList.encode(t.secondaryIntents)), .double(t.confidence), .int(t.needsReview ? 1 : 0),
                .text(t.priority), .text(JSONList.encode(t.priorityReasons)), .text(Timestamp.string(t.slaDue)),
                .text(t.queue), .text(JSONList.encode(t.tags)), t.automated.map { .text($0) } ?? .null,
            ])
        return db.lastInsertRowID
    }

    /// A human follow-up: counts, may change priority and SLA, reopens a closed ticket.
    public func recordFollowUp(ticket id: Int64, at: Date, priority: String, reasons: [String], slaDue: Date?) throws {
        try db.prepare("""
            UPDATE tickets SET follow_ups = follow_ups + 1, updated_at = ?, priority = ?, priority_reasons = ?,
                sla_due = COALESCE(?, sla_due), status = CASE WHEN status = 'closed' THEN 'open' ELSE status END
            WHERE id = ?
            """).run([.text(Timestamp.string(at)), .text(priority), .text(JSONList.encode(reasons)),
                      slaDue.map { .text(Timestamp.string($0)) } ?? .null, .int(id)])
    }

    /// An automated note (out-of-office, bounce): touches nothing but the update time.
    public func recordNote(ticket id: Int64, at: Date) throws {
        try db.prepare("UPDATE tickets SET updated_at = ? WHERE id = ?").run([.text(Timestamp.string(at)), .int(id)])
    }

    public func insertMessage(ticket id: Int64, _ m: MessageRecord) throws -> Int64 {
        try db.prepare("""
            INSERT INTO messages (ticket_id, message_key, message_id, content_hash, role, received_at, source, sender,
                subject, in_reply_to, reference_ids, intent, automated, language, new_text, quoted, signature, forwarded,
                explanation, defects, raw, raw_size)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                .int(id), .text(m.key), .text(m.messageID), .text(m.contentHash), .text(m.role.rawValue),
                .text(Timestamp.string(m.receivedAt)), .text(m.source), .text(m.sender.lowercased()), .text(m.subject),
                .text(JSONList.encode(m.inReplyTo)), .text(JSONList.encode(m.referenceIDs)), .text(m.intent),
                m.automated.map { .text($0) } ?? .null, .text(m.language), .text(m.newText), .text(m.quoted),
                .text(m.signature), .text(m.forwarded), .text(m.explanation), .text(JSONList.encode(m.defects)),
                .blob(m.compressedRaw ?? Compression.compress(m.raw)), .int(Int64(m.rawSize)),
            ])
        let row = db.lastInsertRowID
        // Each statement looked up only when there is something to insert (finding one hashes its SQL).
        if !m.invoices.isEmpty {
            let inv = try db.prepare("INSERT INTO invoices (ticket_id, message_row, value) VALUES (?, ?, ?)")
            for v in m.invoices { try inv.run([.int(id), .int(row), .text(v)]) }
        }
        if !m.amounts.isEmpty {
            let amt = try db.prepare("INSERT INTO amounts (ticket_id, message_row, value, currency, text) VALUES (?, ?, ?, ?, ?)")
            for a in m.amounts { try amt.run([.int(id), .int(row), .text(a.value), .text(a.currency), .text(a.text)]) }
        }
        if !m.references.isEmpty {
            let ref = try db.prepare("INSERT INTO refs (ticket_id, message_row, kind, value) VALUES (?, ?, ?, ?)")
            for r in m.references { try ref.run([.int(id), .int(row), .text(r.kind), .text(r.value)]) }
        }
        return row
    }

    /// Records a duplicate delivery. A mailbox message seen again from the same source
    /// (a rerun of the batch) is not news and is recorded once; every repeated
    /// delivery on standard input (`-`) is an event of its own.
    public func recordDuplicate(key: String, ticket id: Int64, source: String, at: Date) throws {
        if source == "-" {
            try db.prepare("INSERT INTO duplicates (message_key, ticket_id, source, seen_at) VALUES (?, ?, ?, ?)")
                .run([.text(key), .int(id), .text(source), .text(Timestamp.string(at))])
        } else {
            try db.prepare("""
                INSERT INTO duplicates (message_key, ticket_id, source, seen_at) SELECT ?1, ?2, ?3, ?4
                WHERE NOT EXISTS (SELECT 1 FROM duplicates WHERE message_key = ?1 AND source = ?3)
                """).run([.text(key), .int(id), .text(source), .text(Timestamp.string(at))])
        }
    }

    public func recordFailure(source: String, reason: String, at: Date) throws {
        try db.prepare("INSERT INTO failures (source, reason, at) VALUES (?, ?, ?)")
            .run([.text(source), .text(reason), .text(Timestamp.string(at))])
    }

    public func setStatus(ticket id: Int64, _ status: String, at: Date) throws {
        try db.prepare("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")
            .run([.text(status), .text(Timestamp.string(at)), .int(id)])
    }
}
