import RuleLanguage
import TextMatching

/// Compiling a rule set: the evaluation order, the one keyword trie of every phrase list, each
/// rule's conditions, its gate, and each field's regex literals (`LiteralIndex`).
extension RuleEngine {
    /// Compiles a rule set; fails with its errors if it has any.
    public convenience init(_ set: RuleSet) throws {
        guard set.errors.isEmpty else { throw CompileError(diagnostics: set.errors) }
        self.init(ordering: set.rules)
    }

    /// Compiles rules that lint found no error in.
    convenience init(ordering rules: [Rule]) {
        // Order: rules that set `automated` first, then the others; each after the rules it names.
        let byName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var ordered: [Rule] = []
        var placed = Set<String>()
        func place(_ r: Rule) {
            guard !placed.contains(r.name) else { return }
            placed.insert(r.name)
            for d in r.dependencies { if let dep = byName[d] { place(dep) } }
            ordered.append(r)
        }
        for r in rules where r.effects.contains(where: { if case .automated = $0 { return true }; return false }) { place(r) }
        for r in rules { place(r) }

        // One trie for every field (each field's text is scanned with it; a condition only looks for
        // its own phrase ids, so phrases of other fields found there change nothing). A phrase's id is
        // whatever the trie resolves it to: phrases that fold alike share one.
        var entries: [(phrase: String, payload: Int)] = []
        var phraseFields = Set<TextField>()
        var texts: [String] = []
        for r in ordered {
            for c in r.conditions {
                guard case .phrases(let fields, let phrases) = c.kind else { continue }
                for f in fields {
                    phraseFields.insert(f)
                    for p in phrases {
                        entries.append((p, texts.count))
                        texts.append(p)
                    }
                }
            }
        }
        var tries: [TextField: KeywordTrie] = [:]
        /// Phrase id → the id a match reports.
        var canonical = [Int](repeating: 0, count: texts.count)
        if !entries.isEmpty {
            let trie = KeywordTrie(entries)
            for f in phraseFields { tries[f] = trie }
            let resolved = trie.resolvedPayloads
            for (k, e) in entries.enumerated() { canonical[e.payload] = resolved[k] }
        }

        self.init(ordered: ordered, tries: tries, canonical: canonical, phraseTexts: texts)
    }

    /// Builds the evaluation structures from ordered rules and their built tries.
    private convenience init(ordered: [Rule], tries: [TextField: KeywordTrie], canonical: [Int], phraseTexts: [String]) {
        let index = Dictionary(ordered.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var nextID = 0
        var literalTexts: [String] = []
        var literalIDs: [String: Int] = [:]
        func literalIDsFor(_ pattern: String) -> LiteralRequirement? {
            guard let required = RegexLiterals.requirement(pattern, minimum: 1) else { return nil }
            func ids(_ branches: [[[String]]]) -> [[[Int32]]] {
                branches.map { sets in
                    sets.map { set in
                        set.map { lit in
                            if let id = literalIDs[lit] { return Int32(id) }
                            literalIDs[lit] = literalTexts.count
                            literalTexts.append(lit)
                            return Int32(literalTexts.count - 1)
                        }
                    }
                }
            }
            let alternatives = required.alternatives.map { all in all.map { (pattern: $0.pattern, sets: ids([$0.sets])[0]) } }
            return LiteralRequirement(branches: ids(required.branches), alternatives: alternatives)
        }
        var slots: [TextField] = []
        var slotOf: [TextField: Int] = [:]
        func slot(_ f: TextField) -> Int {
            if let k = slotOf[f] { return k }
            slotOf[f] = slots.count
            slots.append(f)
            return slots.count - 1
        }
        var compiled: [CompiledRule] = []
        var ungated: [Bool] = []
        var phrasePairs: [Int: [(key: Int32, rule: Int32)]] = [:], literalPairs: [Int: [(key: Int32, rule: Int32)]] = [:]
        for r in ordered {
            var conditions: [CompiledCondition] = []
            for c in r.conditions {
                let test: CompiledCondition.Test
                var cost = 1
                switch c.kind {
                case .phrases(let fields, let phrases):
                    // Ids were handed out in this same order above: field by field, phrase by phrase.
                    var perField: [(slot: Int, ids: [Int32])] = []
                    for f in fields {
                        let ids = Set(phrases.indices.map { k in Int32(canonical[nextID + k]) }).sorted()
                        perField.append((slot(f), ids))
                        nextID += phrases.count
                    }
                    test = .phrases(perField)
                    cost = 2
                case .regex(let fields, let pattern):
                    test = .regex(fields.map(slot), LazyRegex(pattern), literals: literalIDsFor(pattern))
                    cost = 5
                case .amount(let op, let v, let cur): test = .amount(op, v, cur)
                case .count(let f, let op, let n): test = .count(f, op, n)
                case .language(let codes): test = .language(Array(Set(codes)).sorted())
                case .automated(let kind): test = .automated(kind)
                case .meta(let all, let names): test = .meta(all: all, names.compactMap { index[$0] })
                }
                conditions.append(CompiledCondition(test: test, negated: c.negated, cost: cost))
            }
            conditions.sort { $0.cost < $1.cost }
            // The gate: a condition that must hold and whose text occurrences are found for all rules at
            // once (a phrase list, or a regex with required literals). A message that opens no gate of a
            // rule cannot make it hold, so the rule is not evaluated at all.
            let rule = compiled.count
            var gated = false
            for c in conditions where !c.negated {
                if case .phrases(let perField) = c.test {
                    for (k, ids) in perField { for id in ids { phrasePairs[k, default: []].append((id, Int32(rule))) } }
                    gated = true
                    break
                }
            }
            if !gated {
                for c in conditions where !c.negated {
                    if case .regex(let fieldSlots, _, let required?) = c.test {
                        for k in fieldSlots { for l in required.gate { literalPairs[k, default: []].append((l, Int32(rule))) } }
                        gated = true
                        break
                    }
                }
            }
            ungated.append(!gated)
            let setsAutomated = r.effects.contains { if case .automated = $0 { return true }; return false }
            compiled.append(CompiledRule(name: r.name, effects: r.effects, conditions: conditions, setsAutomated: setsAutomated))
        }
        // Per slot, the literals its regexes require: the only ones its text is searched for.
        var searched = [Set<Int32>](repeating: [], count: slots.count)
        for rule in compiled {
            for c in rule.conditions {
                guard case .regex(let fieldSlots, _, let required?) = c.test else { continue }
                for k in fieldSlots {
                    searched[k].formUnion(required.branches.joined().joined())
                    searched[k].formUnion((required.alternativeSets ?? []).joined().joined())
                }
            }
        }
        self.init(source: RuleSource(ordered), table: CompiledRules(compiled), slots: slots, slotTries: slots.map { tries[$0] },
                  ungated: ungated,
                  phraseGates: slots.indices.map { k in phrasePairs[k].map { GateTable(keys: phraseTexts.count, pairs: $0) } },
                  literalGates: slots.indices.map { k in literalPairs[k].map { GateTable(keys: literalTexts.count, pairs: $0) } },
                  literals: LiteralIndex(literalTexts, searched: searched))
    }
}
