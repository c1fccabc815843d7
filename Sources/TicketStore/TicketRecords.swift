import Foundation

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

enum Timestamp {
    static func string(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    static func date(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }
}

enum JSONList {
    static func encode(_ items: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
