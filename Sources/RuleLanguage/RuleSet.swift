import Foundation
import TextMatching

/// The rules in force: every `.rules` file of the rule directories, layered.
///
/// Layers load in order — `Rules/intents/` then `Rules/local/` (site
/// overrides) — and files within a layer by name. A rule defined again in a
/// later layer replaces the earlier one; `disable NAME` removes it. Defining the
/// same name twice in one layer is an error.
public struct RuleSet: Sendable {
    public var rules: [Rule]
    public var diagnostics: [Diagnostic]
    public var files: [String]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Loads `<rulesDirectory>/intents` and `<rulesDirectory>/local` and lints the result.
    public static func load(rulesDirectory: String) -> RuleSet {
        load(layers: [rulesDirectory + "/intents", rulesDirectory + "/local"])
    }

    /// Loads the given directories as layers, in order (missing ones are skipped).
    public static func load(layers: [String]) -> RuleSet {
        var sources: [[(path: String, text: String)]] = []
        var diagnostics: [Diagnostic] = []
        for dir in layers {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".rules") }.sorted()
            var layer: [(String, String)] = []
            for name in names {
                let path = dir + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else {
                    diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: "cannot read"))
                    continue
                }
                layer.append((path, String(decoding: data, as: UTF8.self)))
            }
            sources.append(layer)
        }
        var set = build(layers: sources)
        set.diagnostics.insert(contentsOf: diagnostics, at: 0)
        return set
    }

    /// Parses, layers and lints rule texts: `layers[k]` holds (path, text) pairs.
    public static func build(layers: [[(path: String, text: String)]]) -> RuleSet {
        var diagnostics: [Diagnostic] = []
        var byName: [String: Rule] = [:]
        var order: [String] = []
        var files: [String] = []
        for layer in layers {
            var definedHere: [String: SourceLocation] = [:]
            for (path, text) in layer {
                files.append(path)
                let parsed = RuleParser.parse(text, file: path)
                diagnostics += parsed.diagnostics
                for rule in parsed.rules {
                    if let first = definedHere[rule.name] {
                        diagnostics.append(rule.location.diagnostic(
                            "duplicate rule name '\(rule.name)' (first defined at \(first.file):\(first.line))"))
                        continue
                    }
                    definedHere[rule.name] = rule.location
                    if byName[rule.name] == nil { order.append(rule.name) }
                    byName[rule.name] = rule
                }
                for (name, location) in parsed.disabled {
                    if byName.removeValue(forKey: name) == nil {
                        diagnostics.append(location.diagnostic("disable: no rule named '\(name)' is loaded before this file",
                                                               severity: .warning))
                    }
                    order.removeAll { $0 == name }
                }
            }
        }
        let rules = order.compactMap { byName[$0] }
        diagnostics += RuleLinter.lint(rules)
        return RuleSet(rules: rules, diagnostics: diagnostics, files: files)
    }
}
