import Foundation
import Testing
import Pipeline
import RuleLanguage

/// The rules the project ships: clean under lint, every example passes, and
/// every intent is covered in the seven languages.
@Suite struct ShippedRulesTests {
    @Test func lintFindsNoErrors() {
        let set = RuleChecks(rulesDirectory: Support.rules).lint()
        #expect(set.errors.isEmpty, "\(set.errors.prefix(10).map(\.description))")
        #expect(set.rules.count >= 300)
    }

    @Test func everyExpectExamplePasses() throws {
        let result = try RuleChecks(rulesDirectory: Support.rules).test()
        #expect(result.examples >= 600)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(10).map(\.description))")
    }

    @Test func everyIntentHasRulesInSevenLanguages() {
        let set = RuleChecks(rulesDirectory: Support.rules).lint()
        for intent in Intent.allCases {
            for lang in ["en", "es", "fr", "de", "pt", "it", "nl"] {
                let covered = set.rules.contains { rule in
                    rule.location.file.hasSuffix(".\(lang).rules")
                        && rule.effects.contains { if case .score(let i, let n) = $0 { return i == intent && n > 0 }; return false }
                }
                #expect(covered, "no \(lang) rule scores \(intent.rawValue)")
            }
        }
    }

    @Test func everyRuleHasADescriptionAndExamples() {
        let set = RuleChecks(rulesDirectory: Support.rules).lint()
        for rule in set.rules where rule.location.file.contains("/intents/") && !rule.location.file.hasSuffix("00_automated.rules") {
            #expect(!rule.description.isEmpty, "\(rule.name) has no description")
            #expect(rule.examples.contains { $0.shouldHit }, "\(rule.name) has no expect example")
        }
    }
}
