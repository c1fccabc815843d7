import TextMatching

/// Checks that need the whole rule set: regexes compile, meta rules name rules
/// that exist and do not loop, and no rule is impossible to satisfy.
enum RuleLinter {
    static func lint(_ rules: [Rule]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let names = Set(rules.map(\.name))
        for rule in rules {
            if rule.effects.isEmpty {
                out.append(rule.location.diagnostic("rule '\(rule.name)' has no effect (score, priority, tag, queue, suppress-ack, automated)",
                                                    severity: .warning))
            }
            if rule.conditions.isEmpty {
                out.append(rule.location.diagnostic("rule '\(rule.name)' has no condition: it would hit every message"))
            }
            for c in rule.conditions {
                switch c.kind {
                case .regex(_, let pattern):
                    do { _ = try Regex(pattern, options: .caseInsensitive, jit: false) } catch {
                        out.append(c.location.diagnostic("bad regex: \(error.message) (at offset \(error.offset))"))
                    }
                case .meta(_, let refs):
                    for r in refs where !names.contains(r) {
                        out.append(c.location.diagnostic("rule '\(rule.name)' refers to missing rule '\(r)'"))
                    }
                case .count(_, let op, let n):
                    if (op == .less && n <= 0) || (op == .lessOrEqual && n < 0) {
                        out.append(c.location.diagnostic("rule '\(rule.name)' can never match: a count is never \(op.rawValue) \(n)"))
                    }
                default:
                    break
                }
            }
            if let reason = contradiction(in: rule) {
                out.append(rule.location.diagnostic("rule '\(rule.name)' can never match: \(reason)"))
            }
        }
        out += cycles(rules)
        return out
    }

    /// Conditions that exclude each other: the same condition with `when` and `unless`,
    /// or amount bounds in the same currency that leave no value.
    private static func contradiction(in rule: Rule) -> String? {
        for a in rule.conditions where !a.negated {
            if rule.conditions.contains(where: { $0.negated && $0.kind == a.kind }) {
                return "the same condition appears with 'when' and 'unless'"
            }
        }
        var low: [String: (Double, Bool)] = [:], high: [String: (Double, Bool)] = [:]
        for c in rule.conditions where !c.negated {
            guard case .amount(let op, let v, let currency) = c.kind else { continue }
            let key = currency ?? "*"
            switch op {
            case .greater, .greaterOrEqual:
                if low[key].map({ $0.0 < v }) ?? true { low[key] = (v, op == .greaterOrEqual) }
            case .less, .lessOrEqual:
                if high[key].map({ $0.0 > v }) ?? true { high[key] = (v, op == .lessOrEqual) }
            default: break
            }
        }
        for (key, l) in low {
            guard let h = high[key] else { continue }
            if l.0 > h.0 || (l.0 == h.0 && !(l.1 && h.1)) {
                return "no amount\(key == "*" ? "" : " in \(key)") is both \(l.1 ? ">=" : ">") \(l.0) and \(h.1 ? "<=" : "<") \(h.0)"
            }
        }
        let languageSets = rule.conditions.compactMap { c -> Set<String>? in
            if case .language(let codes) = c.kind, !c.negated { return Set(codes) }
            return nil
        }
        if languageSets.count > 1, languageSets.dropFirst().reduce(languageSets[0], { $0.intersection($1) }).isEmpty {
            return "the message's language cannot be in two disjoint sets"
        }
        return nil
    }

    /// Meta rules that depend on themselves, directly or through others.
    private static func cycles(_ rules: [Rule]) -> [Diagnostic] {
        let byName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ name: String, _ path: [String]) {
            guard let rule = byName[name] else { return }
            if state[name] == 2 { return }
            if state[name] == 1 {
                out.append(rule.location.diagnostic("meta rules form a cycle: \((path + [name]).joined(separator: " → "))"))
                return
            }
            state[name] = 1
            for d in rule.dependencies { visit(d, path + [name]) }
            state[name] = 2
        }
        for r in rules { visit(r.name, []) }
        return out
    }
}
