/// Parses one rule file (SPEC §7; the language is documented in Rules/README.md).
///
/// Line-oriented: `rule NAME` starts a rule at the left margin, the rule's
/// lines are indented, `disable NAME` turns off a rule of an earlier file.
/// Every problem becomes a `Diagnostic`; parsing goes on after errors so one
/// run of `rules lint` shows them all.
public struct RuleParser {
    public struct Output: Sendable {
        public var rules: [Rule] = []
        public var disabled: [(name: String, location: SourceLocation)] = []
        public var diagnostics: [Diagnostic] = []
    }

    public static func parse(_ text: String, file: String) -> Output {
        var out = Output()
        var current: Rule? = nil
        func finish() {
            if let r = current { out.rules.append(r) }
            current = nil
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let tokens: [LineTokenizer.Token]
            switch LineTokenizer.tokenize(rawLine) {
            case .failure(let e):
                out.diagnostics.append(Diagnostic(file: file, line: lineNumber, column: e.column, message: e.message))
                continue
            case .success(let t):
                tokens = t
            }
            guard let first = tokens.first else { continue }
            let at = SourceLocation(file: file, line: lineNumber, column: first.column)
            let indented = first.column > 1
            if !indented {
                finish()
                switch first.text {
                case "rule":
                    guard tokens.count == 2, tokens[1].kind == .word, Self.isValidName(tokens[1].text) else {
                        out.diagnostics.append(at.diagnostic("expected 'rule NAME' (letters, digits, '.', '_', '-')"))
                        continue
                    }
                    current = Rule(name: tokens[1].text, description: "", conditions: [], effects: [], examples: [],
                                   location: at)
                case "disable":
                    guard tokens.count == 2, tokens[1].kind == .word else {
                        out.diagnostics.append(at.diagnostic("expected 'disable NAME'"))
                        continue
                    }
                    out.disabled.append((tokens[1].text, at))
                default:
                    out.diagnostics.append(at.diagnostic("expected 'rule NAME' or 'disable NAME' at the start of a line, found '\(first.text)'"))
                }
                continue
            }
            guard current != nil else {
                out.diagnostics.append(at.diagnostic("indented line outside a rule"))
                continue
            }
            var line = LineParser(tokens: tokens, location: at)
            do {
                try line.parse(into: &current!)
            } catch let d as Diagnostic {
                out.diagnostics.append(d)
            } catch {
                out.diagnostics.append(at.diagnostic("\(error)"))
            }
        }
        finish()
        return out
    }

    static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
