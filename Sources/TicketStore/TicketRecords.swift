import Foundation
import TextMatching

/// The human form of a ticket id: BT-000123.
public enum TicketID {
    public static func format(_ id: Int64) -> String {
        let digits = String(id)
        return "BT-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    public static func parse(_ text: String) -> Int64? {
        let t = text.uppercased().hasPrefix("BT-") ? String(text.dropFirst(3)) : text
        return Int64(t)
    }
}

/// What a new ticket is created with.
public struct NewTicket: Sendable {
    public var createdAt: Date
    public var sender: String
    public var senderName: String
    public var subject: String
    public var language: String
    public var intent: String
    public var secondaryIntents: [String]
    public var confidence: Double
    public var needsReview: Bool
    public var priority: String
    public var priorityReasons: [String]
    public var slaDue: Date
    public var queue: String
    public var tags: [String]
    public var automated: String?

    public init(createdAt: Date, sender: String, senderName: String, subject: String, language: String, intent: String,
                secondaryIntents: [String], confidence: Double, needsReview: Bool, priority: String,
                priorityReasons: [String], slaDue: Date, queue: String, tags: [String], automated: String?) {
        self.createdAt = createdAt
        self.sender = sender
        self.senderName = senderName
        self.subject = subject
        self.language = language
        self.intent = intent
        self.secondaryIntents = secondaryIntents
        self.confidence = confidence
        self.needsReview = needsReview
        self.priority = priority
        self.priorityReasons = priorityReasons
        self.slaDue = slaDue
        self.queue = queue
        self.tags = tags
        self.automated = automated
    }
}

/// One stored message of a ticket.
public struct MessageRecord: Sendable {
    public enum Role: String, Sendable { case initial, followUp = "follow_up", note }

    public var key: String
    public var messageID: String
    public var contentHash: String
    public var role: Role
    public var receivedAt: Date
    public var source: String
    public var sender: String
    public var subject: String
    public var inReplyTo: [String]
    public var referenceIDs: [String]
    public var intent: String
    public var automated: String?
    public var language: String
    public var newText: String
    public var quoted: String
    public var signature: String
    public var forwarded: String
    /// JSON: the decision trace (rule hits, scores, priority reasons).
    public var explanation: String
    public var defects: [String]
    public var raw: [UInt8]
    /// `raw` as stored (`Compression.compress`), when it was compressed ahead of the write; else it is compressed when written.
    public var compressedRaw: [UInt8]? = nil
    public var rawSize: Int
    public var invoices: [String]
    public var amounts: [(value: String, currency: String, text: String)]
    public var references: [(kind: String, value: String)]

    public init(key: String, messageID: String, contentHash: String, role: Role, receivedAt: Date, source: String,
                sender: String, subject: String, inReplyTo: [String], referenceIDs: [String], intent: String,
                automated: String?, language: String, newText: String, quoted: String, signature: String,
                forwarded: String, explanation: String, defects: [String], raw: [UInt8], rawSize: Int,
                invoices: [String], amounts: [(value: String, currency: String, text: String)],
                references: [(kind: String, value: String)]) {
        self.key = key
        self.messageID = messageID
        self.contentHash = contentHash
        self.role = role
        self.receivedAt = receivedAt
        self.source = source
        self.sender = sender
        self.subject = subject
        self.inReplyTo = inReplyTo
        self.referenceIDs = referenceIDs
        self.intent = intent
        self.automated = automated
        self.language = language
        self.newText = newText
        self.quoted = quoted
        self.signature = signature
        self.forwarded = forwarded
        self.explanation = explanation
        self.defects = defects
        self.raw = raw
        self.rawSize = rawSize
        self.invoices = invoices
        self.amounts = amounts
        self.references = references
    }
}

/// A ticket as read back.
public struct TicketRow: Sendable, Codable {
    public var id: Int64
    public var ticket: String
    public var status: String
    public var createdAt: String
    public var updatedAt: String
    public var sender: String
    public var senderName: String
    public var subject: String
    public var language: String
    public var intent: String
    public var secondaryIntents: [String]
    public var confidence: Double
    public var needsReview: Bool
    public var priority: String
    public var priorityReasons: [String]
    public var slaDue: String
    public var queue: String
    public var tags: [String]
    public var followUps: Int
    public var automated: String?
    public var invoices: [String]
    public var messages: Int
}

/// The state threading and follow-up handling need.
public struct TicketSnapshot: Sendable {
    public var id: Int64
    public var status: String
    public var priority: String
    public var priorityReasons: [String]
    public var followUps: Int
    public var createdAt: Date
}

/// UTC timestamps as stored: `2026-11-26T17:05:09Z` (RFC 3339), written and read without a
/// date formatter (creating one per row cost a fifth of a batch run).
enum Timestamp {
    static func string(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        if (0...9999).contains(tm.tm_year + 1900) {
            // Digit by digit into the string's own storage: interpolating padded pieces cost some
            // 5,000 instructions a timestamp, and a batch writes several for every message.
            return String(unsafeUninitializedCapacity: 20) { out in
                var k = 0
                func put(_ v: Int32, _ width: Int, then separator: UInt8) {
                    var v = v
                    for i in stride(from: width - 1, through: 0, by: -1) {
                        out[k + i] = 0x30 + UInt8(v % 10)
                        v /= 10
                    }
                    out[k + width] = separator
                    k += width + 1
                }
                put(tm.tm_year + 1900, 4, then: 0x2D)  // -
                put(tm.tm_mon + 1, 2, then: 0x2D)
                put(tm.tm_mday, 2, then: 0x54)  // T
                put(tm.tm_hour, 2, then: 0x3A)  // :
                put(tm.tm_min, 2, then: 0x3A)
                put(tm.tm_sec, 2, then: 0x5A)  // Z
                return k
            }
        }
        func pad(_ v: Int32, _ width: Int) -> String {
            let digits = String(v)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1, 2))-\(pad(tm.tm_mday, 2))T"
            + "\(pad(tm.tm_hour, 2)):\(pad(tm.tm_min, 2)):\(pad(tm.tm_sec, 2))Z"
    }

    static func date(_ s: String) -> Date? {
        let u = Array(s.utf8)
        // The form `string` writes; anything else goes through the general parser.
        guard u.count == 20, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A, u[19] == 0x5A else {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            return f.date(from: s)
        }
        func number(_ r: Range<Int>) -> Int32? {
            var v: Int32 = 0
            for k in r { guard u[k] >= 0x30 && u[k] <= 0x39 else { return nil }; v = v * 10 + Int32(u[k] - 0x30) }
            return v
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10),
              let h = number(11..<13), let mi = number(14..<16), let sec = number(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61 else { return nil }
        var tm = tm()
        tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d
        tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = sec
        return Date(timeIntervalSince1970: TimeInterval(timegm(&tm)))
    }
}

enum JSONList {
    /// A JSON array of strings, written by hand (a JSONEncoder per row was measurable in batch runs).
    static func encode(_ items: [String]) -> String {
        var out = "["
        for (k, item) in items.enumerated() {
            if k > 0 { out += "," }
            JSONString.append(item, to: &out)
        }
        return out + "]"
    }

    static func decode(_ text: String) -> [String] {
        if text == "[]" { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
