import Foundation
import Testing
import Classification
import MailParsing
import RuleLanguage
@testable import Pipeline

/// The decision trace stored with each message is written straight as bytes (`TicketWriter.explanation`):
/// it must stay the JSON the `JSONValue` tree below writes, key for key and number for number.
struct ExplanationTraceTests {
    private func tree(_ r: TriageResult, reasons: [String]) -> String {
        let d = r.decision
        return JSONValue.object([
            ("intent", .string(d.intent.rawValue)), ("confidence", .number((d.confidence * 1000).rounded() / 1000)),
            ("basis", .string(d.basis)),
            ("rules", .array(r.classification.rules.hits.map { hit in
                .object([("name", .string(hit.name)), ("effects", .array(hit.effects.map { .string(Explanation.describe($0)) })),
                         ("because", .array(hit.evidence.map { .string($0) }))])
            })),
            ("rule_scores", .object(Intent.allCases.compactMap { i in d.rules[i].map { (i.rawValue, .number($0)) } })),
            ("model", .object(Intent.allCases.compactMap { i in d.bayes[i].map { (i.rawValue, .number(($0 * 1000).rounded() / 1000)) } })),
            ("language", .object([("code", .string(r.analysis.language.code)), ("reason", .string(r.analysis.language.reason))])),
            ("priority_reasons", .array(reasons.map { .string($0) })),
        ]).text
    }

    @Test func theByteWriterWritesWhatTheTreeWrites() throws {
        let path = Support.repositoryRoot.appendingPathComponent("Corpus/demo/demo.mbox").path
        let reader = try MailboxReader(path: path, maxMessageBytes: 1 << 22)
        var checked = 0
        while let raw = try reader.next() {
            var r = Support.rulesOnly.run(raw)
            // Model scores as a model would give them (the rules-only pipeline has none), odd values included.
            for (k, intent) in Intent.allCases.enumerated() { r.classification.decision.bayes[intent] = [0.1234567, 1e-9, 0.5, 2.0 / 3.0][k % 4] }
            let reasons = ["amount ≥ 1000 \"EUR\"", "sender\\vip", "line\nbreak \u{1}"].prefix(checked % 4)
            #expect(TicketWriter.explanation(r, reasons: Array(reasons)) == tree(r, reasons: Array(reasons)))
            checked += 1
        }
        #expect(checked >= 20)
    }
}
