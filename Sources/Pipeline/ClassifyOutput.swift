import Acknowledgement
import Foundation
import RuleLanguage

/// One line of `classify --json` (SPEC §11).
public struct ClassifyOutput {
    struct AmountOut { var value: String; var currency: String; var text: String }
    struct ReferenceOut { var kind: String; var value: String }

    var source: String
    var message_id: String
    var from: String
    var subject: String
    var automated: String?
    var language: String
    var language_confidence: Double
    var intent: String
    var confidence: Double
    var needs_review: Bool
    var secondary_intents: [String]
    var scores: [String: Double]
    var invoices: [String]
    var amounts: [AmountOut]
    var references: [ReferenceOut]
    var priority: String
    var priority_reasons: [String]
    var acknowledge: Bool
    var ack_suppressed: String?
    var rules: [String]
    var defects: [String]

    /// `acknowledgement`: the stored decision when the message was written (batch), else the message-only checks.
    public init(_ r: TriageResult, policy: AutoReplyPolicy = AutoReplyPolicy.defaults,
                acknowledgement: Acknowledger.Result? = nil) {
        let m = r.message
        let d = r.decision
        let triage = ProvisionalTriage(r, policy: policy)
        source = r.source
        message_id = m.messageID
        from = m.from.first?.address ?? ""
        subject = m.subject
        automated = r.automated?.rawValue
        language = r.analysis.language.code
        language_confidence = r.analysis.language.confidence
        intent = d.intent.rawValue
        confidence = (d.confidence * 1000).rounded() / 1000
        needs_review = d.needsReview
        secondary_intents = d.secondary.map(\.rawValue)
        var s: [String: Double] = [:]
        for i in Intent.allCases { s[i.rawValue] = ((d.scores[i] ?? 0) * 1000).rounded() / 1000 }
        scores = s
        invoices = r.analysis.facts.invoices.map(\.value)
        amounts = r.analysis.facts.amounts.map { AmountOut(value: $0.value, currency: $0.currency, text: $0.text) }
        references = r.analysis.facts.references.map { ReferenceOut(kind: $0.kind, value: $0.value) }
        priority = triage.priority.rawValue
        priority_reasons = triage.reasons
        switch acknowledgement {
        case .queued?: acknowledge = true; ack_suppressed = nil
        case .suppressed(let reason)?: acknowledge = false; ack_suppressed = reason
        case nil: acknowledge = triage.acknowledge; ack_suppressed = triage.ackSuppressed
        }
        rules = r.classification.rules.hits.map(\.name)
        defects = m.defects.map(\.code.rawValue)
    }

    /// One line of JSON, keys in the order of SPEC §11.
    public func json() -> String {
        JSONValue.object([
            ("source", .string(source)), ("message_id", .string(message_id)), ("from", .string(from)),
            ("subject", .string(subject)), ("automated", .optional(automated)),
            ("language", .string(language)), ("language_confidence", .number(language_confidence)),
            ("intent", .string(intent)), ("confidence", .number(confidence)), ("needs_review", .bool(needs_review)),
            ("secondary_intents", .array(secondary_intents.map { .string($0) })),
            ("scores", .object(Intent.allCases.map { ($0.rawValue, .number(scores[$0.rawValue] ?? 0)) })),
            ("invoices", .array(invoices.map { .string($0) })),
            ("amounts", .array(amounts.map { .object([("value", .string($0.value)), ("currency", .string($0.currency)),
                                                      ("text", .string($0.text))]) })),
            ("references", .array(references.map { .object([("kind", .string($0.kind)), ("value", .string($0.value))]) })),
            ("priority", .string(priority)), ("priority_reasons", .array(priority_reasons.map { .string($0) })),
            ("acknowledge", .bool(acknowledge)), ("ack_suppressed", .optional(ack_suppressed)),
            ("rules", .array(rules.map { .string($0) })), ("defects", .array(defects.map { .string($0) })),
        ]).text
    }

    /// The one-line human form: intent, confidence, language, priority, invoices, subject.
    public func line() -> String {
        let flag = needs_review ? " review" : ""
        let auto = automated.map { " [\($0)]" } ?? ""
        return "\(source)\t\(intent) \(String(format: "%.2f", confidence))\(flag)\t\(language)\t\(priority)\(auto)\t"
            + "\(invoices.joined(separator: ","))\t\(subject.prefix(70))"
    }
}
