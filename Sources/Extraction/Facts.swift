/// Where a fact was found: which text and which Unicode code points
/// (`start..<end`, counted like Python's `str` indexes) — what `explain` shows.
public struct Evidence: Sendable, Hashable, Codable {
    public enum View: String, Sendable, Hashable, Codable {
        case subject
        case newText = "new_text"
        case forwarded
        case attachmentName = "attachment_name"
    }

    public var view: View
    public var start: Int
    public var end: Int
    /// For attachment names: which attachment (0-based); otherwise 0.
    public var index: Int

    public init(view: View, start: Int, end: Int, index: Int = 0) {
        self.view = view
        self.start = start
        self.end = end
        self.index = index
    }
}

public struct InvoiceNumber: Sendable, Hashable, Codable {
    public var value: String
    public var evidence: Evidence

    public init(value: String, evidence: Evidence) {
        self.value = value
        self.evidence = evidence
    }
}

public struct Reference: Sendable, Hashable, Codable {
    /// `order`, `account`, `customer`, `contract`, `tracking`, `case`, `payment`, `iban`, `vat`, or an analyst's kind.
    public var kind: String
    public var value: String
    public var evidence: Evidence

    public init(kind: String, value: String, evidence: Evidence) {
        self.kind = kind
        self.value = value
        self.evidence = evidence
    }
}

public struct Amount: Sendable, Hashable, Codable {
    /// Dot decimal, no grouping, sign kept, decimals as written ("1234.56", "-45", "12500").
    public var value: String
    /// ISO 4217 code.
    public var currency: String
    /// The amount as the customer wrote it ("1.234,56 €").
    public var text: String
    public var evidence: Evidence
    /// How the currency was decided when the text alone did not say ("bare $ → USD (default)").
    public var note: String

    /// The value as a number (for thresholds).
    public var decimalValue: Double { Double(value) ?? 0 }

    public init(value: String, currency: String, text: String, evidence: Evidence, note: String = "") {
        self.value = value
        self.currency = currency
        self.text = text
        self.evidence = evidence
        self.note = note
    }
}

/// Everything extracted from one message.
public struct ExtractedFacts: Sendable, Hashable, Codable {
    public var invoices: [InvoiceNumber] = []
    public var amounts: [Amount] = []
    public var references: [Reference] = []
    /// Card numbers found (and redacted) in the message's text.
    public var redactedCards = 0

    public init() {}
}
