/// The ticket database schema and its migrations. Each migration runs once,
/// in a transaction, and is recorded in `schema_version`.
enum Schema {
    static let migrations: [(version: Int, sql: String)] = [
        (1, """
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'closed')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            sender TEXT NOT NULL,
            sender_name TEXT NOT NULL,
            subject TEXT NOT NULL,
            language TEXT NOT NULL,
            intent TEXT NOT NULL,
            secondary_intents TEXT NOT NULL,
            confidence REAL NOT NULL,
            needs_review INTEGER NOT NULL,
            priority TEXT NOT NULL,
            priority_reasons TEXT NOT NULL,
            sla_due TEXT NOT NULL,
            queue TEXT NOT NULL,
            tags TEXT NOT NULL,
            follow_ups INTEGER NOT NULL DEFAULT 0,
            automated TEXT
        );
        CREATE INDEX tickets_sender ON tickets(sender, status);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            message_key TEXT NOT NULL UNIQUE,
            message_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('initial', 'follow_up', 'note')),
            received_at TEXT NOT NULL,
            source TEXT NOT NULL,
            sender TEXT NOT NULL,
            subject TEXT NOT NULL,
            in_reply_to TEXT NOT NULL,
            reference_ids TEXT NOT NULL,
            intent TEXT NOT NULL,
            automated TEXT,
            language TEXT NOT NULL,
            new_text TEXT NOT NULL,
            quoted TEXT NOT NULL,
            signature TEXT NOT NULL,
            forwarded TEXT NOT NULL,
            explanation TEXT NOT NULL,
            defects TEXT NOT NULL,
            raw BLOB NOT NULL,
            raw_size INTEGER NOT NULL
        );
        CREATE INDEX messages_ticket ON messages(ticket_id);
        CREATE INDEX messages_message_id ON messages(message_id);
        CREATE TABLE invoices (ticket_id INTEGER NOT NULL REFERENCES tickets(id), message_row INTEGER NOT NULL, value TEXT NOT NULL);
        CREATE INDEX invoices_value ON invoices(value);
        CREATE INDEX invoices_ticket ON invoices(ticket_id);
        CREATE TABLE amounts (ticket_id INTEGER NOT NULL REFERENCES tickets(id), message_row INTEGER NOT NULL,
                              value TEXT NOT NULL, currency TEXT NOT NULL, text TEXT NOT NULL);
        CREATE INDEX amounts_ticket ON amounts(ticket_id);
        CREATE TABLE refs (ticket_id INTEGER NOT NULL REFERENCES tickets(id), message_row INTEGER NOT NULL,
                           kind TEXT NOT NULL, value TEXT NOT NULL);
        CREATE INDEX refs_ticket ON refs(ticket_id);
        CREATE TABLE acknowledgements (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            message_row INTEGER NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            recipient TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            raw BLOB
        );
        CREATE INDEX acknowledgements_ticket ON acknowledgements(ticket_id);
        CREATE TABLE duplicates (message_key TEXT NOT NULL, ticket_id INTEGER NOT NULL, source TEXT NOT NULL, seen_at TEXT NOT NULL);
        CREATE INDEX duplicates_key ON duplicates(message_key, source);
        CREATE TABLE failures (source TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
        """),
        // Acknowledgements (issue 6): the per-recipient rate limit and the pending queue are looked up on every run.
        (2, """
        CREATE INDEX acknowledgements_recipient ON acknowledgements(recipient COLLATE NOCASE, created_at);
        CREATE INDEX acknowledgements_pending ON acknowledgements(status) WHERE status = 'pending';
        ALTER TABLE acknowledgements ADD COLUMN claimed_at TEXT;
        """),
    ]

    static func migrate(_ db: Database) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        var current = 0
        try db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version").query { current = Int($0.int(0)) }
        for (version, sql) in migrations where version > current {
            try db.transaction {
                // Another process may have migrated while this one waited for the lock.
                var now = 0
                try db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version").query { now = Int($0.int(0)) }
                guard now < version else { return }
                try db.execute(sql)
                try db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, datetime('now'))").run([.int(Int64(version))])
            }
        }
    }

    static var latest: Int { migrations.last?.version ?? 0 }
}
