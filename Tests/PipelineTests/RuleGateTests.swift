import Foundation
import Testing
import MailParsing
import Pipeline
import RuleLanguage
@testable import Classification

/// The rule gates are sound: evaluating only the rules whose gate a message opens gives
/// the same hits, evidence and scores as evaluating every rule.
@Suite struct RuleGateTests {
    @Test func gatedEvaluationEqualsEvaluatingEveryRule() throws {
        let engine = try RuleEngine(RuleSet.load(rulesDirectory: Support.rules))
        let analyzer = try MessageAnalyzer(rulesDirectory: Support.rules)
        var messages: [[UInt8]] = []
        let corpus = Support.repositoryRoot.appendingPathComponent("Corpus")
        if let walker = FileManager.default.enumerator(atPath: corpus.path) {
            for case let path as String in walker where path.hasSuffix(".eml") {
                if let d = FileManager.default.contents(atPath: corpus.path + "/" + path) { messages.append(Array(d)) }
            }
        }
        #expect(messages.count >= 900)
        let parser = MIMEParser()
        var hits = 0
        for bytes in messages {
            let analysis = analyzer.analyze(parser.parse(bytes))
            let input = RuleInput(message: analysis.message, facts: analysis.facts, language: analysis.language.code)
            let gated = engine.evaluate(input, gated: true)
            let all = engine.evaluate(input, gated: false)
            #expect(gated.hits == all.hits, "\(analysis.message.subject)")
            #expect(gated.scores == all.scores)
            #expect(gated.automated == all.automated)
            hits += all.hits.count
        }
        #expect(hits > messages.count)  // the comparison is over real hits, not empty evaluations
    }
}
