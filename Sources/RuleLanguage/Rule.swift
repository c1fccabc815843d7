/// The nine intents of SPEC §6, in a fixed order.
public enum Intent: String, Sendable, Hashable, Codable, CaseIterable {
    case dispute
    case refund
    case paymentQuestion = "payment_question"
    case statusQuery = "status_query"
    case paymentPlan = "payment_plan"
    case paymentConfirmation = "payment_confirmation"
    case invoiceRequest = "invoice_request"
    case accountStatus = "account_status"
    case other

    /// By case, not by the raw string (what a raw-value enum otherwise gets from
    /// `RawRepresentable`): scores are kept in dictionaries by intent several times a message.
    private var ordinal: Int {
        switch self {
        case .dispute: return 0
        case .refund: return 1
        case .paymentQuestion: return 2
        case .statusQuery: return 3
        case .paymentPlan: return 4
        case .paymentConfirmation: return 5
        case .invoiceRequest: return 6
        case .accountStatus: return 7
        case .other: return 8
        }
    }

    public static func == (a: Intent, b: Intent) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// The kinds of mail no person wrote (SPEC §6).
public enum AutomatedKind: String, Sendable, Hashable, Codable, CaseIterable {
    case autoReply = "auto_reply"
    case bounce
    case bulk
    case noreply
}

/// A text a condition can look at.
public enum TextField: Sendable, Hashable, Codable {
    case subject, newText, quoted, signature, forwarded, body
    case from, fromAddress, fromDomain, replyTo, to
    case attachmentName, attachmentType
    case header(String)

    /// Field names as analysts write them.
    public static let named: [String: TextField] = [
        "subject": .subject, "new_text": .newText, "quoted": .quoted, "signature": .signature,
        "forwarded": .forwarded, "body": .body, "from": .from, "from_address": .fromAddress,
        "from_domain": .fromDomain, "reply_to": .replyTo, "to": .to,
        "attachment_name": .attachmentName, "attachment_type": .attachmentType,
    ]
}

public enum Comparison: String, Sendable, Hashable, Codable {
    case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="

    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }
}

/// What a count condition counts.
public enum CountedFact: String, Sendable, Hashable, Codable {
    case invoices, amounts, references, attachments
}

public struct Condition: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Any of the phrases, as whole words, in any of the fields.
        case phrases(fields: [TextField], phrases: [String])
        /// The PCRE2 pattern (case-insensitive, Unicode) matches any of the fields.
        case regex(fields: [TextField], pattern: String)
        /// Some amount compares to `value` (in `currency`, or any currency when nil).
        case amount(Comparison, value: Double, currency: String?)
        case count(CountedFact, Comparison, Int)
        case language([String])
        /// Automated mail of this kind (any kind when nil).
        case automated(AutomatedKind?)
        /// Other rules: all of them hit (`all`) or any of them (`any`).
        case meta(all: Bool, names: [String])
    }

    public var kind: Kind
    /// `unless` instead of `when`.
    public var negated: Bool
    public var location: SourceLocation
}

public enum Priority: String, Sendable, Hashable, Codable, CaseIterable {
    case urgent, high, normal, low
}

public enum Effect: Sendable, Hashable {
    case score(Intent, Double)
    /// Raise (or lower, negative) the priority by steps, or set it to a level, with the reason shown to agents.
    case priority(level: Priority?, steps: Int, reason: String)
    case tag(String)
    case queue(String)
    case suppressAcknowledgement(reason: String)
    case automated(AutomatedKind)
}

/// An inline example: this new text (under this subject, with this forwarded text, when given)
/// must (or must not) make the rule hit.
public struct Example: Sendable, Hashable {
    public var text: String
    public var subject: String?
    public var forwarded: String?
    public var shouldHit: Bool
    public var location: SourceLocation

    public init(text: String, subject: String? = nil, forwarded: String? = nil, shouldHit: Bool, location: SourceLocation) {
        self.text = text
        self.subject = subject
        self.forwarded = forwarded
        self.shouldHit = shouldHit
        self.location = location
    }
}

public struct Rule: Sendable, Hashable {
    public var name: String
    public var description: String
    public var conditions: [Condition]
    public var effects: [Effect]
    public var examples: [Example]
    public var location: SourceLocation

    /// Names of the rules this rule's meta conditions refer to.
    public var dependencies: [String] {
        conditions.flatMap { c -> [String] in
            if case .meta(_, let names) = c.kind { return names }
            return []
        }
    }
}
