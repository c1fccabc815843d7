import Classification
import Extraction
import Foundation
import RuleLanguage

/// `billtriage explain`: the decision trace of one message, stage by stage.
public struct Explanation {
    public let result: TriageResult
    public let model: BayesModel

    public init(result: TriageResult, model: BayesModel) {
        self.result = result
        self.model = model
    }

    public func text() -> String {
        let m = result.message
        let a = result.analysis
        let d = result.decision
        var out = "== \(result.source)\n"
        out += "From: \(m.from.first.map { $0.name.isEmpty ? $0.address : "\($0.name) <\($0.address)>" } ?? "")\n"
        out += "Subject: \(m.subject)\n"
        if !m.defects.isEmpty { out += "Defects: \(m.defects.map(\.code.rawValue).joined(separator: ", "))\n" }

        out += "\n-- text views --\n"
        for (name, text) in [("new_text", m.views.newText), ("quoted", m.views.quoted), ("signature", m.views.signature),
                             ("forwarded", m.views.forwarded)] {
            guard !text.isEmpty else { out += "[\(name)] (empty)\n"; continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            out += "[\(name)] \(lines.count) lines\n"
            for line in lines.prefix(name == "new_text" ? 40 : 6) { out += "  | \(line)\n" }
            if lines.count > (name == "new_text" ? 40 : 6) { out += "  | …\n" }
        }

        out += "\n-- language --\n"
        out += "\(a.language.code) confidence \(a.language.confidence): \(a.language.reason)\n"
        if !a.language.candidates.isEmpty {
            out += "CLD2 candidates: " + a.language.candidates.map { "\($0.code) \($0.percent)%" }.joined(separator: ", ") + "\n"
        }

        out += "\n-- extraction --\n"
        let f = a.facts
        if f.invoices.isEmpty && f.amounts.isEmpty && f.references.isEmpty { out += "(nothing found)\n" }
        for i in f.invoices { out += "invoice \(i.value)  \(span(i.evidence))\n" }
        for x in f.amounts {
            out += "amount \(x.value) \(x.currency) \"\(x.text)\"  \(span(x.evidence))\(x.note.isEmpty ? "" : "  (\(x.note))")\n"
        }
        for r in f.references { out += "\(r.kind) \(r.value)  \(span(r.evidence))\n" }
        if f.redactedCards > 0 { out += "card numbers redacted: \(f.redactedCards)\n" }

        let rules = result.classification.rules
        out += "\n-- rules (\(rules.hits.count) hit) --\n"
        if let automated = rules.automated { out += "automated: \(automated.rawValue)\n" }
        for hit in rules.hits {
            out += "\(hit.name): " + hit.effects.map(Self.describe).joined(separator: ", ") + "\n"
            for e in hit.evidence { out += "    because \(e)\n" }
        }
        let ruleScores = Intent.allCases.filter { (d.rules[$0] ?? 0) != 0 }
        if !ruleScores.isEmpty {
            out += "rule scores: " + ruleScores.map { "\($0.rawValue) \(String(format: "%+.1f", d.rules[$0]!))" }.joined(separator: ", ") + "\n"
        }

        out += "\n-- model --\n"
        if model.isEmpty {
            out += "(no model trained: rules alone decide; run billtriage train)\n"
        } else {
            let ranked = Intent.allCases.sorted { (d.bayes[$0] ?? 0) > (d.bayes[$1] ?? 0) }
            for intent in ranked.prefix(3) {
                let top = model.topFeatures(result.classification.features, for: intent, limit: 6)
                out += "\(intent.rawValue) \(String(format: "%.3f", d.bayes[intent] ?? 0)): "
                    + top.map { "\($0.feature) (\(String(format: "%+.2f", $0.weight)))" }.joined(separator: ", ") + "\n"
            }
        }

        out += "\n-- decision --\n"
        out += "intent \(d.intent.rawValue), confidence \(String(format: "%.3f", d.confidence))"
            + (d.needsReview ? ", needs review" : "") + " (\(d.basis))\n"
        if !d.secondary.isEmpty { out += "secondary: \(d.secondary.map(\.rawValue).joined(separator: ", "))\n" }
        out += "scores: " + Intent.allCases.sorted { (d.scores[$0] ?? 0) > (d.scores[$1] ?? 0) }.prefix(4)
            .map { "\($0.rawValue) \(String(format: "%.3f", d.scores[$0] ?? 0))" }.joined(separator: ", ") + "\n"
        let triage = ProvisionalTriage(result)
        out += "priority \(triage.priority.rawValue)" + (triage.reasons.isEmpty ? "" : ": " + triage.reasons.joined(separator: "; ")) + "\n"
        out += triage.acknowledge ? "acknowledgement: would be sent\n" : "acknowledgement: suppressed (\(triage.ackSuppressed ?? ""))\n"
        if !rules.tags.isEmpty { out += "tags: \(rules.tags.joined(separator: ", "))\n" }
        if let q = rules.queue { out += "queue: \(q)\n" }
        return out
    }

    private func span(_ e: Evidence) -> String {
        "[\(e.view.rawValue) \(e.start)..<\(e.end)]"
    }

    /// `String(format: "%+.1f", n)` without Foundation's formatter (a measurable part of writing
    /// every message's trace): exact when `n` is a whole number of tenths, as rule scores are.
    static func signedTenths(_ n: Double) -> String {
        let tenths = n * 10
        guard tenths.isFinite, abs(tenths) < 1e15, tenths == tenths.rounded() else { return String(format: "%+.1f", n) }
        let k = Int64(abs(tenths))
        return (n.sign == .minus ? "-" : "+") + String(k / 10) + "." + String(k % 10)
    }

    static func describe(_ e: Effect) -> String {
        switch e {
        case .score(let i, let n): return "\(i.rawValue) \(signedTenths(n))"
        case .priority(let level, let steps, let reason):
            return "priority \(level?.rawValue ?? (steps >= 0 ? "+\(steps)" : "\(steps)")) \"\(reason)\""
        case .tag(let t): return "tag \(t)"
        case .queue(let q): return "queue \(q)"
        case .suppressAcknowledgement(let r): return "suppress-ack \"\(r)\""
        case .automated(let k): return "automated \(k.rawValue)"
        }
    }
}
