import Classification
import Extraction
import Foundation
import MailParsing
import RuleLanguage

/// `billtriage evaluate`: the pipeline against hand labels — intents for each
/// mode (combined, rules alone, model alone), extraction, language, automated
/// mail, and how often each rule hit and agreed with the label.
public struct Evaluator {
    public let pipeline: TriagePipeline

    public init(pipeline: TriagePipeline) {
        self.pipeline = pipeline
    }

    public struct RuleStats: Sendable, Codable {
        public var rule: String
        public var hits: Int
        /// Hits whose label is the intent the rule scores highest (rules with scores only).
        public var agreeing: Int
    }

    public struct Report: Sendable, Codable {
        public var messages: Int
        public var modes: [String: ClassificationMetrics]
        public var invoices: SetMetrics
        public var amounts: SetMetrics
        public var languageAccuracy: Double
        public var automatedAccuracy: Double
        public var needsReview: Int
        public var rules: [RuleStats]
        public var errors: [String]
        /// Messages whose combined decision differs from the label.
        public var mistakes: [Mistake]
        /// Accuracy of the combined decision per label language.
        public var byLanguage: [String: Double]
        /// The same modes over only the messages no rule author has seen (label files listed in
        /// `labels/unseen-by-rule-authors.txt`): how the rules do on new wording. Empty when none.
        public var unseenByRules: [String: ClassificationMetrics] = [:]
        public var unseenByRulesMessages: Int = 0
    }

    public struct Mistake: Sendable, Codable {
        public var path: String
        public var label: String
        public var decision: String
    }

    public func evaluate(_ entries: [Corpus.Entry]) -> Report {
        var pairs: [ClassifierMode: [(Intent, Intent)]] = [:]
        var unseenPairs: [ClassifierMode: [(Intent, Intent)]] = [:]
        var invoices = SetMetrics(), amounts = SetMetrics()
        var languageRight = 0, languageTotal = 0, automatedRight = 0, review = 0
        var ruleHits: [String: (hits: Int, agreeing: Int)] = [:]
        var errors: [String] = []
        var mistakes: [Mistake] = []
        var perLanguage: [String: (right: Int, total: Int)] = [:]
        for entry in entries {
            guard let actual = Intent(rawValue: entry.label.intent) else { continue }
            let raw = RawMessage(source: entry.path, bytes: entry.bytes)
            let result = pipeline.run(raw)
            pairs[.combined, default: []].append((actual, result.decision.intent))
            if entry.unseenByRules { unseenPairs[.combined, default: []].append((actual, result.decision.intent)) }
            if result.decision.intent != actual {
                mistakes.append(Mistake(path: entry.path, label: actual.rawValue, decision: result.decision.intent.rawValue))
            }
            let lang = entry.label.language ?? "und"
            perLanguage[lang, default: (0, 0)].total += 1
            if result.decision.intent == actual { perLanguage[lang, default: (0, 0)].right += 1 }
            if result.decision.needsReview { review += 1 }
            for mode in [ClassifierMode.rules, .bayes] {
                let d = IntentClassifier.decide(rules: result.decision.rules, logBayes: result.decision.bayes.mapValues { log($0) },
                                                automated: result.automated, weights: pipeline.classifier.weights, mode: mode)
                pairs[mode, default: []].append((actual, d.intent))
                if entry.unseenByRules { unseenPairs[mode, default: []].append((actual, d.intent)) }
            }
            let f = result.analysis.facts
            if let expected = entry.label.invoices { invoices.add(predicted: Set(f.invoices.map(\.value)), expected: Set(expected)) }
            if let expected = entry.label.amounts {
                amounts.add(predicted: Set(f.amounts.map { "\($0.value) \($0.currency)" }),
                            expected: Set(expected.map { "\($0.value) \($0.currency)" }))
            }
            if let lang = entry.label.language {
                languageTotal += 1
                if lang == result.analysis.language.code { languageRight += 1 }
            }
            if (entry.label.automated ?? "") == (result.automated?.rawValue ?? "") { automatedRight += 1 }
            for hit in result.classification.rules.hits {
                var s = ruleHits[hit.name] ?? (0, 0)
                s.hits += 1
                let scored = hit.effects.compactMap { e -> (Intent, Double)? in
                    if case .score(let i, let n) = e { return (i, n) }
                    return nil
                }
                if let top = scored.max(by: { $0.1 < $1.1 }), top.1 > 0, top.0 == actual { s.agreeing += 1 }
                ruleHits[hit.name] = s
            }
            if result.message.body.source == .none && result.message.views.newText.isEmpty {
                errors.append("\(entry.path): no text")
            }
        }
        func metrics(_ pairs: [ClassifierMode: [(Intent, Intent)]]) -> [String: ClassificationMetrics] {
            var modes: [String: ClassificationMetrics] = [:]
            for (mode, p) in pairs { modes[mode.rawValue] = ClassificationMetrics(pairs: p.map { (actual: $0.0, predicted: $0.1) }) }
            return modes
        }
        let rules = ruleHits.map { RuleStats(rule: $0.key, hits: $0.value.hits, agreeing: $0.value.agreeing) }
            .sorted { $0.hits > $1.hits || ($0.hits == $1.hits && $0.rule < $1.rule) }
        return Report(messages: entries.count, modes: metrics(pairs), invoices: invoices, amounts: amounts,
                      languageAccuracy: languageTotal == 0 ? 0 : Double(languageRight) / Double(languageTotal),
                      automatedAccuracy: entries.isEmpty ? 0 : Double(automatedRight) / Double(entries.count),
                      needsReview: review, rules: rules, errors: errors, mistakes: mistakes,
                      byLanguage: perLanguage.mapValues { Double($0.right) / Double(max(1, $0.total)) },
                      unseenByRules: metrics(unseenPairs), unseenByRulesMessages: unseenPairs[.combined]?.count ?? 0)
    }
}

extension Evaluator.Report {
    /// The readable report: metrics per mode, the confusion matrix of the combined decision, extraction, language, rules.
    public func text() -> String {
        func pct(_ x: Double) -> String { String(format: "%.3f", x) }
        var out = "messages: \(messages)\n\n"
        out += "macro-F1   combined \(pct(modes["combined"]?.macroF1 ?? 0))   rules alone \(pct(modes["rules"]?.macroF1 ?? 0))"
            + "   model alone \(pct(modes["bayes"]?.macroF1 ?? 0))\n"
        out += "accuracy   combined \(pct(modes["combined"]?.accuracy ?? 0))   rules alone \(pct(modes["rules"]?.accuracy ?? 0))"
            + "   model alone \(pct(modes["bayes"]?.accuracy ?? 0))\n"
        if unseenByRulesMessages > 0 {
            out += "macro-F1 on the \(unseenByRulesMessages) messages no rule author has seen:   combined "
                + "\(pct(unseenByRules["combined"]?.macroF1 ?? 0))   rules alone \(pct(unseenByRules["rules"]?.macroF1 ?? 0))"
                + "   model alone \(pct(unseenByRules["bayes"]?.macroF1 ?? 0))\n"
        }
        out += "\n"
        if let m = modes["combined"] {
            out += "intent (combined)       support  precision  recall     F1\n"
            for p in m.perIntent {
                out += p.intent.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "%8d  %9.3f  %6.3f  %6.3f\n", p.support, p.precision, p.recall, p.f1)
            }
            out += "\nconfusion (rows: label, columns: decision)\n"
            let short = Intent.allCases.map { String($0.rawValue.prefix(6)) }
            out += "".padding(toLength: 22, withPad: " ", startingAt: 0) + short.map { $0.padding(toLength: 7, withPad: " ", startingAt: 0) }.joined() + "\n"
            for (k, intent) in Intent.allCases.enumerated() {
                out += intent.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + m.confusion[k].map { String($0).padding(toLength: 7, withPad: " ", startingAt: 0) }.joined() + "\n"
            }
        }
        out += "\nextraction  invoices P \(pct(invoices.precision)) R \(pct(invoices.recall)) F1 \(pct(invoices.f1))"
            + "   amounts P \(pct(amounts.precision)) R \(pct(amounts.recall)) F1 \(pct(amounts.f1))\n"
        out += "language accuracy \(pct(languageAccuracy))   automated accuracy \(pct(automatedAccuracy))"
            + "   needs_review \(needsReview)\n\n"
        out += "accuracy by language  " + byLanguage.sorted { $0.key < $1.key }.map { "\($0.key) \(pct($0.value))" }
            .joined(separator: "  ") + "\n\n"
        out += "rule hits (agreeing with the label)\n"
        for r in rules { out += "  \(r.rule.padding(toLength: 44, withPad: " ", startingAt: 0)) \(r.hits) (\(r.agreeing))\n" }
        for e in errors { out += "error: \(e)\n" }
        return out
    }
}

extension Evaluator.Report {
    /// A self-contained HTML page of the same report.
    public func html() -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = "<!doctype html><meta charset=utf-8><title>billtriage evaluate</title>"
        out += "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}table{border-collapse:collapse;margin-bottom:1.5em}"
            + "tr:nth-child(even){background:#f3f3f3}</style>"
        out += "<h1>billtriage evaluate</h1><p>\(messages) messages</p>"
        out += "<table><tr><th>mode</th><th>macro-F1</th><th>accuracy</th></tr>"
        for mode in ["combined", "rules", "bayes"] {
            guard let m = modes[mode] else { continue }
            out += "<tr><td>\(mode)</td><td>\(String(format: "%.3f", m.macroF1))</td><td>\(String(format: "%.3f", m.accuracy))</td></tr>"
        }
        out += "</table>"
        if let m = modes["combined"] {
            out += "<table><tr><th>intent</th><th>support</th><th>precision</th><th>recall</th><th>F1</th></tr>"
            for p in m.perIntent {
                out += "<tr><td>\(p.intent)</td><td>\(p.support)</td><td>\(String(format: "%.3f", p.precision))</td>"
                    + "<td>\(String(format: "%.3f", p.recall))</td><td>\(String(format: "%.3f", p.f1))</td></tr>"
            }
            out += "</table><h2>Confusion (rows: label)</h2><table><tr><th></th>"
            for i in Intent.allCases { out += "<th>\(i.rawValue)</th>" }
            out += "</tr>"
            for (k, i) in Intent.allCases.enumerated() {
                out += "<tr><td>\(i.rawValue)</td>" + m.confusion[k].map { "<td>\($0)</td>" }.joined() + "</tr>"
            }
            out += "</table>"
        }
        out += "<p>Invoices F1 \(String(format: "%.3f", invoices.f1)), amounts F1 \(String(format: "%.3f", amounts.f1)), "
            + "language accuracy \(String(format: "%.3f", languageAccuracy)), automated accuracy \(String(format: "%.3f", automatedAccuracy))</p>"
        out += "<h2>Rule hits</h2><table><tr><th>rule</th><th>hits</th><th>agreeing</th></tr>"
        for r in rules { out += "<tr><td>\(esc(r.rule))</td><td>\(r.hits)</td><td>\(r.agreeing)</td></tr>" }
        return out + "</table>"
    }
}
