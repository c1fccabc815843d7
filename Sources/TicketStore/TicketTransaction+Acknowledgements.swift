import Foundation

/// An acknowledgement waiting to be handed over (never sent, or a send that failed).
public struct PendingAcknowledgement: Sendable, Equatable {
    public var id: Int64
    public var ticket: Int64
    public var messageID: String
    public var recipient: String
    public var raw: [UInt8]
    public var attempts: Int

    public init(id: Int64, ticket: Int64, messageID: String, recipient: String, raw: [UInt8], attempts: Int) {
        self.id = id
        self.ticket = ticket
        self.messageID = messageID
        self.recipient = recipient
        self.raw = raw
        self.attempts = attempts
    }
}

/// One acknowledgement row, for `tickets show`.
public struct AcknowledgementRow: Sendable, Codable {
    public var messageID: String
    public var recipient: String
    public var status: String
    public var reason: String
    public var createdAt: String
    public var sentAt: String?
    public var attempts: Int
}

/// Acknowledgements on tickets (SPEC §10): the decision for each new ticket
/// (sent, pending, or suppressed with why), what the rate limit counts, and
/// the delivery state of each one.
extension TicketTransaction {
    /// Marks our acknowledgement with one of these Message-IDs as bounced; true when there was one.
    public func markAcknowledgementBounced(messageIDs: [String]) throws -> Bool {
        let s = try db.prepare("UPDATE acknowledgements SET status = 'bounced' WHERE message_id = ?")
        var changed = false
        for id in messageIDs {
            try s.run([.text(id)])
            if s.changes > 0 { changed = true }
        }
        return changed
    }

    /// Records an acknowledgement we composed for a ticket (sent, pending or suppressed, with why).
    @discardableResult
    /// `claimed`: this run hands it over itself right after the commit (no separate claim).
    public func recordAcknowledgement(ticket id: Int64, messageRow: Int64, messageID: String, recipient: String,
                                      status: String, reason: String, at: Date, raw: [UInt8]?, claimed: Bool = false) throws -> Int64 {
        let time = Timestamp.string(at)
        try db.prepare("""
            INSERT INTO acknowledgements (ticket_id, message_row, message_id, recipient, status, reason, created_at, raw, claimed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.int(id), .int(messageRow), .text(messageID), .text(recipient), .text(status), .text(reason),
                      .text(time), raw.map { .blob(Compression.compress($0)) } ?? .null, claimed ? .text(time) : .null])
        return db.lastInsertRowID
    }

    /// The status of the acknowledgement with this Message-ID.
    public func acknowledgementStatus(messageID: String) throws -> String? {
        var status: String? = nil
        try db.prepare("SELECT status FROM acknowledgements WHERE message_id = ?").query([.text(messageID)]) { status = $0.text(0) }
        return status
    }

    /// Acknowledgements composed for a ticket (any outcome but suppressed).
    public func acknowledgementCount(ticket id: Int64) throws -> Int {
        var n = 0
        try db.prepare("SELECT COUNT(*) FROM acknowledgements WHERE ticket_id = ? AND status <> 'suppressed'")
            .query([.int(id)]) { n = Int($0.int(0)) }
        return n
    }

    /// Acknowledgements composed for this recipient since `since` (the per-sender rate limit).
    public func acknowledgementCount(recipient: String, since: Date) throws -> Int {
        var n = 0
        try db.prepare("""
            SELECT COUNT(*) FROM acknowledgements
            WHERE recipient = ? COLLATE NOCASE AND status <> 'suppressed' AND created_at >= ?
            """).query([.text(recipient), .text(Timestamp.string(since))]) { n = Int($0.int(0)) }
        return n
    }

    /// Whether any acknowledgement waits to be handed over (a read: no write lock taken when none does).
    public func hasClaimableAcknowledgements(now: Date, staleAfter: TimeInterval = 300) throws -> Bool {
        var found = false
        try db.prepare("""
            SELECT 1 FROM acknowledgements WHERE status = 'pending' AND (claimed_at IS NULL OR claimed_at < ?) LIMIT 1
            """).query([.text(Timestamp.string(now.addingTimeInterval(-staleAfter)))]) { _ in found = true }
        return found
    }

    /// Claims up to `limit` acknowledgements waiting to be handed over — `first`
    /// before the oldest — so that concurrent runs never send one twice. A claim
    /// older than `staleAfter` can be taken again: a run that died mid-send, or a
    /// failed send (its claim is kept, so it waits that long before the next try).
    public func claimPendingAcknowledgements(limit: Int, first: [String] = [], now: Date,
                                             staleAfter: TimeInterval = 300) throws -> [PendingAcknowledgement] {
        var rows: [PendingAcknowledgement] = []
        // A bare "0" would be read as a column number: order by the preference only when there is one.
        let preferred = first.isEmpty ? "" : "(message_id IN (" + first.map { _ in "?" }.joined(separator: ",") + ")) DESC, "
        try db.prepare("""
            SELECT id, ticket_id, message_id, recipient, raw, attempts FROM acknowledgements
            WHERE status = 'pending' AND (claimed_at IS NULL OR claimed_at < ?)
            ORDER BY \(preferred)id LIMIT ?
            """).query([.text(Timestamp.string(now.addingTimeInterval(-staleAfter)))] + first.map { .text($0) }
                       + [.int(Int64(limit))]) { r in
            rows.append(PendingAcknowledgement(id: r.int(0), ticket: r.int(1), messageID: r.text(2), recipient: r.text(3),
                                               raw: Compression.decompress(r.blob(4)) ?? [], attempts: Int(r.int(5))))
        }
        let claim = try db.prepare("UPDATE acknowledgements SET claimed_at = ? WHERE id = ?")
        for row in rows { try claim.run([.text(Timestamp.string(now)), .int(row.id)]) }
        return rows
    }

    /// After a hand-over: `sent` / `written` with the time, or still `pending`
    /// (or `failed` once attempts run out) with the error. A failed one keeps its
    /// claim, so it is tried again once the claim is stale (a backoff), not in the same run.
    public func updateAcknowledgement(id: Int64, status: String, reason: String, at: Date, attempted: Bool) throws {
        try db.prepare("""
            UPDATE acknowledgements SET status = ?, reason = ?, attempts = attempts + ?,
                sent_at = CASE WHEN ? IN ('sent', 'written') THEN ? ELSE sent_at END
            WHERE id = ?
            """).run([.text(status), .text(reason), .int(attempted ? 1 : 0), .text(status), .text(Timestamp.string(at)), .int(id)])
    }
}

extension TicketDatabase {
    public func acknowledgements(ticket id: Int64) throws -> [AcknowledgementRow] {
        var rows: [AcknowledgementRow] = []
        try db.prepare("""
            SELECT message_id, recipient, status, reason, created_at, sent_at, attempts FROM acknowledgements
            WHERE ticket_id = ? ORDER BY id
            """).query([.int(id)]) { r in
            rows.append(AcknowledgementRow(messageID: r.text(0), recipient: r.text(1), status: r.text(2), reason: r.text(3),
                                           createdAt: r.text(4), sentAt: r.isNull(5) ? nil : r.text(5), attempts: Int(r.int(6))))
        }
        return rows
    }
}
