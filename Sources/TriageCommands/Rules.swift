import ArgumentParser
import Pipeline

/// `billtriage rules lint|test [DIR]`.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check the analysts' rule files.",
        subcommands: [Lint.self, Test.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Report syntax errors, unknown fields, bad regexes, duplicate names, missing meta rules and rules that can never match.",
            discussion: "Prints file:line:col: message for each problem. Exit 1 on any error (warnings alone exit 0)."
        )

        @Argument(help: "The Rules directory (default: $BILLTRIAGE_RULES, ./Rules, or the checkout's Rules).")
        var directory: String?

        func run() throws {
            let start = ContinuousClock.now
            let checks = RuleChecks(rulesDirectory: try RulesLocation.resolve(directory))
            let set = checks.lint()
            let elapsed = ContinuousClock.now - start
            let templates = checks.lintTemplates()
            for d in set.diagnostics + templates { print(d) }
            print("\(set.rules.count) rules in \(set.files.count) files: \(set.errors.count) errors, "
                  + "\(set.diagnostics.count - set.errors.count) warnings; loaded and checked in "
                  + "\(elapsed.components.attoseconds / 1_000_000_000_000_000 + elapsed.components.seconds * 1000) ms")
            print("acknowledgement templates: \(templates.count) errors")
            if set.errors.isEmpty {
                let ungated = checks.ungatedRules(set)
                print("\(ungated.count) rules have no phrase or literal gate and are evaluated on every message"
                      + (ungated.isEmpty ? "" : ": " + ungated.joined(separator: ", ")))
            }
            if !set.errors.isEmpty || !templates.isEmpty { throw ExitCode(1) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every rule's `expect` examples.",
            discussion: "Each example is a message's new text; it must make its rule hit (or, with `expect not`, must not). Exit 1 on any failure."
        )

        @Argument(help: "The Rules directory (default: $BILLTRIAGE_RULES, ./Rules, or the checkout's Rules).")
        var directory: String?

        func run() throws {
            let checks = RuleChecks(rulesDirectory: try RulesLocation.resolve(directory))
            let result: (failures: [RuleChecks.ExampleFailure], examples: Int)
            do { result = try checks.test() } catch {
                printError("billtriage: \(error)")
                throw ExitCode(1)
            }
            for f in result.failures { print(f) }
            print("\(result.examples) examples: \(result.examples - result.failures.count) passed, \(result.failures.count) failed")
            if !result.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
