import Acknowledgement
import Classification
import Extraction
import Foundation
import MailParsing
import RuleLanguage
import TicketStore
import TextMatching

/// Turns a triage result into a ticket, a follow-up, a note or a recorded
/// duplicate, inside the caller's write transaction (SPEC §8, §9).
public struct TicketWriter: Sendable {
    public let policy: PriorityPolicy
    public let calendar: BusinessCalendar
    public let sla: [String: String]
    /// Decides and records each ticket's acknowledgement; nil records none.
    public let acknowledger: Acknowledger?
    private let dueDates = DueDates()

    public init(policy: PriorityPolicy, calendar: BusinessCalendar, sla: [String: String], acknowledger: Acknowledger? = nil) {
        self.policy = policy
        self.calendar = calendar
        self.sla = sla
        self.acknowledger = acknowledger
    }

    public func with(acknowledger: Acknowledger?) -> TicketWriter {
        TicketWriter(policy: policy, calendar: calendar, sla: sla, acknowledger: acknowledger)
    }

    /// What happened to a message, and to its acknowledgement (nil: no decision was due —
    /// a duplicate, or no acknowledger).
    public struct Recorded: Sendable, Equatable {
        public var outcome: Outcome
        public var acknowledgement: Acknowledger.Result?
        /// The composed acknowledgement this run hands over itself (`claimAcknowledgement`).
        public var claimed: PendingAcknowledgement? = nil
    }

    public enum Outcome: Sendable, Equatable {
        case created(Int64)
        case joined(Int64, note: Bool)
        case duplicate(Int64)

        public var ticket: Int64 {
            switch self {
            case .created(let t), .joined(let t, _), .duplicate(let t): return t
            }
        }
    }

    /// What can be worked out for the write before the transaction, on the worker threads
    /// of `batch`: the duplicate key, the content hash, the raw bytes redacted and compressed,
    /// and the decision trace as a new ticket would store it.
    public struct Prepared: Sendable {
        var key: String
        var contentHash: String
        var raw: [UInt8]
        var compressedRaw: [UInt8]
        var reasons: [String]
        /// The priority a new ticket would get (what `batch` tallies).
        var priority: String
        var explanation: String
        /// The acknowledgement checks on the message alone (no envelope sender).
        var ackPreview: AutoReplyPolicy.Decision?
    }

    public func prepare(_ result: TriageResult, raw: RawMessage) -> Prepared {
        let hash = ContentHash.of(raw.bytes)
        let redacted = CardRedactor().redactRaw(raw.bytes)
        let assessed = assess(result, followUps: 0)
        let reasons = assessed.reasons
        return Prepared(key: result.message.messageID.isEmpty ? "sha:" + hash : result.message.messageID, contentHash: hash,
                        raw: redacted, compressedRaw: Compression.compress(redacted), reasons: reasons,
                        priority: assessed.priority.rawValue,
                        explanation: Self.explanation(result, reasons: reasons), ackPreview: acknowledger?.preview(result))
    }

    /// The key that makes a message a duplicate: its Message-ID, else its content hash.
    public static func key(messageID: String, raw: [UInt8]) -> String {
        messageID.isEmpty ? "sha:" + ContentHash.of(raw) : messageID
    }

    /// `envelopeSender`: the MTA's return path when known ("" for a null sender).
    /// `claimAcknowledgement`: the caller hands the acknowledgement over itself after the commit (deliver).
    /// `prepared`: `prepare(result, raw:)` done ahead (computed here when nil).
    public func record(_ result: TriageResult, raw: RawMessage, in tx: TicketTransaction, now: Date = Date(),
                       envelopeSender: String? = nil, claimAcknowledgement: Bool = false,
                       prepared: Prepared? = nil) throws -> Recorded {
        let m = result.message
        let key = prepared?.key ?? Self.key(messageID: m.messageID, raw: raw.bytes)
        if let existing = try tx.ticketForMessage(key: key) {
            try tx.recordDuplicate(key: key, ticket: existing, source: raw.source, at: now)
            return Recorded(outcome: .duplicate(existing), acknowledgement: nil)
        }
        func recorded(_ outcome: Outcome, _ ticket: Int64, row: Int64, followUp: Bool, due: Date) throws -> Recorded {
            guard let acknowledger else { return Recorded(outcome: outcome, acknowledgement: nil) }
            let (decision, claimed) = try acknowledger.record(
                result, ticket: ticket, messageRow: row, isFollowUp: followUp, slaDue: due, envelopeSender: envelopeSender,
                claim: claimAcknowledgement, in: tx, now: now, preview: envelopeSender == nil ? prepared?.ackPreview : nil)
            return Recorded(outcome: outcome, acknowledgement: decision, claimed: claimed)
        }
        let sender = m.from.first
        let invoices = result.analysis.facts.invoices.map(\.value)
        var ticket = try tx.ticketForMessageIDs(m.inReplyTo + m.referenceIDs)
        if result.automated == .bounce {
            // A bounce names the message that failed; if that was our acknowledgement, mark it.
            let mentioned = Self.messageIDs(in: raw.bytes)
            _ = try tx.markAcknowledgementBounced(messageIDs: mentioned)
            if ticket == nil { ticket = try tx.ticketForMessageIDs(mentioned) }
        }
        if ticket == nil, let tagged = Self.subjectTag(m.subject), try tx.snapshot(tagged) != nil { ticket = tagged }
        if ticket == nil, result.automated == nil {
            ticket = try tx.openTicket(sender: sender?.address ?? "", invoices: invoices)
        }
        let automated = result.automated?.rawValue
        if let ticket, let snapshot = try tx.snapshot(ticket) {
            if automated != nil {
                // Automated mail attaches as a note: it never reopens or reprioritizes.
                let row = try tx.insertMessage(ticket: ticket, record(result, raw: raw, prepared: prepared, key: key, role: .note, now: now, reasons: []))
                try tx.recordNote(ticket: ticket, at: now)
                return try recorded(.joined(ticket, note: true), ticket, row: row, followUp: true, due: now)
            }
            let followUps = snapshot.followUps + 1
            let assessed = assess(result, followUps: followUps)
            let order: [Priority] = [.low, .normal, .high, .urgent]
            let current = Priority(rawValue: snapshot.priority) ?? .normal
            let raised = order.firstIndex(of: assessed.priority)! > order.firstIndex(of: current)!
            let priority = raised ? assessed.priority : current
            let reasons = raised ? assessed.reasons : snapshot.priorityReasons + assessed.reasons.filter { $0.hasPrefix("follow-up") }
            let raisedDue = raised ? due(now, sla[priority.rawValue] ?? "2d") : nil
            let row = try tx.insertMessage(ticket: ticket, record(result, raw: raw, prepared: prepared, key: key, role: .followUp, now: now, reasons: reasons))
            try tx.recordFollowUp(ticket: ticket, at: now, priority: priority.rawValue, reasons: reasons, slaDue: raisedDue)
            let ackDue = raisedDue ?? due(now, sla[priority.rawValue] ?? "2d")
            return try recorded(.joined(ticket, note: false), ticket, row: row, followUp: true, due: ackDue)
        }
        let assessed = assess(result, followUps: 0)
        let d = result.decision
        let rules = result.classification.rules
        let new = NewTicket(
            createdAt: now, sender: sender?.address ?? "", senderName: sender?.name ?? "", subject: m.subject,
            language: result.analysis.language.code, intent: d.intent.rawValue, secondaryIntents: d.secondary.map(\.rawValue),
            confidence: d.confidence, needsReview: d.needsReview || !m.defects.isEmpty, priority: assessed.priority.rawValue,
            priorityReasons: assessed.reasons, slaDue: due(now, sla[assessed.priority.rawValue] ?? "2d"),
            queue: rules.queue ?? d.intent.rawValue, tags: rules.tags, automated: automated)
        let id = try tx.insertTicket(new)
        let row = try tx.insertMessage(ticket: id, record(result, raw: raw, prepared: prepared, key: key, role: .initial, now: now, reasons: assessed.reasons))
        return try recorded(.created(id), id, row: row, followUp: false, due: new.slaDue)
    }

    /// `calendar.due(from:after:)`, remembered for the last `now` (a batch chunk shares one, and
    /// walking the business calendar for every message was a tenth of the writer's time).
    private func due(_ now: Date, _ after: String) -> Date {
        dueDates.value(now, after) { calendar.due(from: now, after: after) }
    }

    func assess(_ result: TriageResult, followUps: Int) -> PriorityPolicy.Assessment {
        policy.assess(intent: result.decision.intent, amounts: result.analysis.facts.amounts,
                      ruleEffects: result.classification.rules.priorityEffects, sender: result.message.from.first,
                      automated: result.automated, followUps: followUps)
    }

    private func record(_ r: TriageResult, raw: RawMessage, prepared: Prepared?, key: String, role: MessageRecord.Role,
                        now: Date, reasons: [String]) -> MessageRecord {
        let m = r.message
        let f = r.analysis.facts
        let explanation = prepared.flatMap { $0.reasons == reasons ? $0.explanation : nil } ?? Self.explanation(r, reasons: reasons)
        var record = MessageRecord(
            key: key, messageID: m.messageID, contentHash: prepared?.contentHash ?? ContentHash.of(raw.bytes), role: role, receivedAt: now,
            source: raw.source, sender: m.from.first?.address ?? "", subject: m.subject, inReplyTo: m.inReplyTo,
            referenceIDs: m.referenceIDs, intent: r.decision.intent.rawValue, automated: r.automated?.rawValue,
            language: r.analysis.language.code, newText: m.views.newText, quoted: m.views.quoted,
            signature: m.views.signature, forwarded: m.views.forwarded, explanation: explanation,
            defects: m.defects.map(\.code.rawValue), raw: prepared?.raw ?? CardRedactor().redactRaw(raw.bytes), rawSize: raw.fullSize,
            invoices: f.invoices.map(\.value), amounts: f.amounts.map { ($0.value, $0.currency, $0.text) },
            references: f.references.map { ($0.kind, $0.value) })
        record.compressedRaw = prepared?.compressedRaw
        return record
    }

    /// The decision trace stored with each message (JSON), written straight as bytes in the order
    /// `JSONValue` would write it: building the tree of values first, and freeing it, cost more than the writing.
    static func explanation(_ r: TriageResult, reasons: [String]) -> String {
        let d = r.decision
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        func key(_ k: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount)) }
        func strings<C: Collection>(_ items: C) where C.Element == String {
            out.append(0x5B)  // [
            var first = true
            for s in items {
                if !first { out.append(0x2C) }  // ,
                first = false
                JSONString.append(s, to: &out)
            }
            out.append(0x5D)  // ]
        }
        func scores(_ values: [Intent: Double], _ transform: (Double) -> Double) {
            out.append(0x7B)  // {
            var first = true
            for i in Intent.allCases {
                guard let v = values[i] else { continue }
                if !first { out.append(0x2C) }
                first = false
                JSONString.append(i.rawValue, to: &out)
                out.append(0x3A)  // :
                JSONValue.append(number: transform(v), to: &out)
            }
            out.append(0x7D)  // }
        }
        key("{\"intent\":")
        JSONString.append(d.intent.rawValue, to: &out)
        key(",\"confidence\":")
        JSONValue.append(number: (d.confidence * 1000).rounded() / 1000, to: &out)
        key(",\"basis\":")
        JSONString.append(d.basis, to: &out)
        key(",\"rules\":[")
        for (i, hit) in r.classification.rules.hits.enumerated() {
            if i > 0 { out.append(0x2C) }
            key("{\"name\":")
            JSONString.append(hit.name, to: &out)
            key(",\"effects\":")
            strings(hit.effects.lazy.map { Explanation.describe($0) })
            key(",\"because\":")
            strings(hit.evidence)
            out.append(0x7D)
        }
        key("],\"rule_scores\":")
        scores(d.rules) { $0 }
        key(",\"model\":")
        scores(d.bayes) { ($0 * 1000).rounded() / 1000 }
        key(",\"language\":{\"code\":")
        JSONString.append(r.analysis.language.code, to: &out)
        key(",\"reason\":")
        JSONString.append(r.analysis.language.reason, to: &out)
        key("},\"priority_reasons\":")
        strings(reasons)
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }

    /// `[BT-000123]` in a subject.
    static func subjectTag(_ subject: String) -> Int64? {
        guard subject.utf8.contains(0x5B), let open = subject.range(of: "[BT-"), let close = subject[open.upperBound...].firstIndex(of: "]") else { return nil }
        return Int64(subject[open.upperBound..<close])
    }

    /// Every `<…@…>` in the raw bytes (the returned message's headers inside a bounce).
    static func messageIDs(in raw: [UInt8]) -> [String] {
        var ids: [String] = []
        var i = 0
        while i < raw.count {
            if raw[i] == 0x3C, let end = raw[i..<min(raw.count, i + 300)].firstIndex(of: 0x3E) {
                let candidate = raw[i...end]
                if candidate.contains(0x40), !candidate.contains(where: { $0 <= 0x20 }) {
                    ids.append(String(decoding: candidate, as: UTF8.self))
                }
                i = end + 1
                continue
            }
            i += 1
        }
        return ids
    }
}

/// Due dates already worked out for one `now`; shared by the copies of a writer.
private final class DueDates: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date? = nil
    private var dates: [String: Date] = [:]

    func value(_ now: Date, _ after: String, compute: () -> Date) -> Date {
        lock.lock()
        defer { lock.unlock() }
        if self.now != now {
            self.now = now
            dates = [:]
        }
        if let d = dates[after] { return d }
        let d = compute()
        dates[after] = d
        return d
    }
}
