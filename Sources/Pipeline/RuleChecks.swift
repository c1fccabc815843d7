import Acknowledgement
import Classification
import MailModel
import RuleLanguage

/// `rules lint` and `rules test`: the rule set as the runtime loads it.
public struct RuleChecks {
    public let rulesDirectory: String

    public init(rulesDirectory: String) {
        self.rulesDirectory = rulesDirectory
    }

    /// Every diagnostic, errors and warnings, in file order.
    public func lint() -> RuleSet {
        RuleSet.load(rulesDirectory: rulesDirectory)
    }

    /// The rules evaluated on every message because no phrase list or regex literal gates them
    /// (meta rules mostly, which are cheap); a long list costs classification time.
    public func ungatedRules(_ set: RuleSet) -> [String] {
        (try? RuleEngine(set))?.ungatedRuleNames ?? []
    }

    /// The acknowledgement templates' problems (unknown or missing placeholders, broken
    /// locale files, a language without generic.txt, no English fallback), as errors.
    public func lintTemplates() -> [Diagnostic] {
        TemplateLibrary.lint(directory: rulesDirectory + "/templates").map {
            Diagnostic(file: $0.file, line: $0.line, column: $0.column, message: $0.message)
        }
    }

    public struct ExampleFailure: Sendable, CustomStringConvertible {
        public var rule: String
        public var example: Example
        public var description: String {
            "\(example.location.file):\(example.location.line):\(example.location.column): rule '\(rule)' should "
                + (example.shouldHit ? "hit" : "not hit") + " \"\(example.text)\""
        }
    }

    /// Runs every `expect` example through extraction, language and the whole rule
    /// set (so meta rules and facts work as in production); returns the failures
    /// and the number of examples run.
    public func test() throws -> (failures: [ExampleFailure], examples: Int) {
        let set = lint()
        let engine = try RuleEngine(set)
        let analyzer = try MessageAnalyzer(rulesDirectory: rulesDirectory)
        var failures: [ExampleFailure] = []
        var count = 0
        for rule in engine.rules {
            for example in rule.examples {
                count += 1
                var message = Message(body: BodyText(text: example.text, source: .plain),
                                      views: TextViews(newText: example.text))
                if let subject = example.subject { message.subject = subject }
                if let forwarded = example.forwarded { message.views.forwarded = forwarded }
                let analysis = analyzer.analyze(message)
                let evaluation = engine.evaluate(RuleInput(message: analysis.message, facts: analysis.facts,
                                                           language: analysis.language.code))
                let hit = evaluation.hits.contains { $0.name == rule.name }
                if hit != example.shouldHit { failures.append(ExampleFailure(rule: rule.name, example: example)) }
            }
        }
        return (failures, count)
    }
}
