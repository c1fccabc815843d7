import Foundation

/// Reading the queue: filters for `tickets list` and `export`, one ticket with its messages for `show`.
public struct TicketFilter: Sendable {
    public var status: String?
    public var intent: String?
    public var priority: String?
    public var language: String?
    public var queue: String?
    public var slaBreached = false
    public var now = Date()
    public var limit: Int?

    public init() {}
}

public struct StoredMessage: Sendable, Codable {
    public var id: Int64
    public var messageID: String
    public var role: String
    public var receivedAt: String
    public var source: String
    public var sender: String
    public var subject: String
    public var intent: String
    public var automated: String?
    public var language: String
    public var newText: String
    public var quoted: String
    public var signature: String
    public var explanation: String
    public var defects: [String]
    public var rawSize: Int
}

extension TicketDatabase {
    public func tickets(_ f: TicketFilter) throws -> [TicketRow] {
        var sql = """
            SELECT t.id, t.status, t.created_at, t.updated_at, t.sender, t.sender_name, t.subject, t.language, t.intent,
                   t.secondary_intents, t.confidence, t.needs_review, t.priority, t.priority_reasons, t.sla_due, t.queue,
                   t.tags, t.follow_ups, t.automated,
                   (SELECT group_concat(DISTINCT value) FROM invoices i WHERE i.ticket_id = t.id),
                   (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id)
            FROM tickets t WHERE 1 = 1
            """
        var values: [Statement.Value] = []
        func filter(_ column: String, _ value: String?) {
            guard let value else { return }
            sql += " AND t.\(column) = ?"
            values.append(.text(value))
        }
        filter("status", f.status)
        filter("intent", f.intent)
        filter("priority", f.priority)
        filter("language", f.language)
        filter("queue", f.queue)
        if f.slaBreached {
            sql += " AND t.status != 'closed' AND t.sla_due < ?"
            values.append(.text(Timestamp.string(f.now)))
        }
        sql += " ORDER BY CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.sla_due, t.id"
        if let limit = f.limit { sql += " LIMIT \(max(0, limit))" }
        var rows: [TicketRow] = []
        try db.prepare(sql).query(values) { r in
            rows.append(TicketRow(
                id: r.int(0), ticket: TicketID.format(r.int(0)), status: r.text(1), createdAt: r.text(2), updatedAt: r.text(3),
                sender: r.text(4), senderName: r.text(5), subject: r.text(6), language: r.text(7), intent: r.text(8),
                secondaryIntents: JSONList.decode(r.text(9)), confidence: r.double(10), needsReview: r.int(11) != 0,
                priority: r.text(12), priorityReasons: JSONList.decode(r.text(13)), slaDue: r.text(14), queue: r.text(15),
                tags: JSONList.decode(r.text(16)), followUps: Int(r.int(17)), automated: r.isNull(18) ? nil : r.text(18),
                invoices: r.isNull(19) ? [] : r.text(19).split(separator: ",").map(String.init), messages: Int(r.int(20))))
        }
        return rows
    }

    public func ticket(_ id: Int64) throws -> (TicketRow, [StoredMessage])? {
        var f = TicketFilter()
        f.limit = nil
        guard let row = try tickets(f).first(where: { $0.id == id }) else { return nil }
        var messages: [StoredMessage] = []
        try db.prepare("""
            SELECT id, message_id, role, received_at, source, sender, subject, intent, automated, language, new_text,
                   quoted, signature, explanation, defects, raw_size
            FROM messages WHERE ticket_id = ? ORDER BY id
            """).query([.int(id)]) { r in
            messages.append(StoredMessage(
                id: r.int(0), messageID: r.text(1), role: r.text(2), receivedAt: r.text(3), source: r.text(4),
                sender: r.text(5), subject: r.text(6), intent: r.text(7), automated: r.isNull(8) ? nil : r.text(8),
                language: r.text(9), newText: r.text(10), quoted: r.text(11), signature: r.text(12),
                explanation: r.text(13), defects: JSONList.decode(r.text(14)), rawSize: Int(r.int(15))))
        }
        return (row, messages)
    }

    /// The original bytes of a stored message (card numbers masked).
    public func rawMessage(_ messageRow: Int64) throws -> [UInt8]? {
        var raw: [UInt8]? = nil
        try db.prepare("SELECT raw FROM messages WHERE id = ?").query([.int(messageRow)]) { raw = Compression.decompress($0.blob(0)) }
        return raw
    }

    /// The customer messages of a ticket that a correction teaches (the first one and its follow-ups,
    /// not automated notes): their stored bytes (card numbers masked) and the content hash of the original.
    public func learnableMessages(ticket id: Int64) throws -> [(raw: [UInt8], contentHash: String)] {
        var out: [(raw: [UInt8], contentHash: String)] = []
        try db.prepare("SELECT raw, content_hash FROM messages WHERE ticket_id = ? AND role != 'note' ORDER BY id")
            .query([.int(id)]) { r in
                if let raw = Compression.decompress(r.blob(0)) { out.append((raw, r.text(1))) }
            }
        return out
    }

    /// A corrected intent: the ticket takes it and no longer needs review.
    public func correctIntent(ticket id: Int64, _ intent: String, at: Date) throws {
        try db.prepare("UPDATE tickets SET intent = ?, needs_review = 0, updated_at = ? WHERE id = ?")
            .run([.text(intent), .text(Timestamp.string(at)), .int(id)])
    }

    public func counts() throws -> (tickets: Int, messages: Int, duplicates: Int, failures: Int) {
        var t = 0, m = 0, d = 0, f = 0
        try db.prepare("SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM messages), (SELECT count(*) FROM duplicates), (SELECT count(*) FROM failures)")
            .query { r in t = Int(r.int(0)); m = Int(r.int(1)); d = Int(r.int(2)); f = Int(r.int(3)) }
        return (t, m, d, f)
    }
}
