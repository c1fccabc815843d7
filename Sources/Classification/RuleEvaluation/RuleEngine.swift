import Extraction
import Foundation
import MailModel
import Synchronization
import RuleLanguage
import TextMatching

/// The rule set compiled for evaluation.
///
/// Every phrase list of every rule goes into one `KeywordTrie`: a message's
/// field is scanned once, whatever the number of rules. Regexes are compiled once (PCRE2 JIT) and run only for
/// rules whose cheaper conditions already hold. Meta rules run after the rules
/// they name; rules that mark mail as automated run before the rest, so
/// `when automated` sees their verdict.
public final class RuleEngine: Sendable {
    /// The rules in evaluation order. An engine from the compiled-rules cache decodes them on first
    /// use only: evaluation never needs them, and they are most of the cache's bytes.
    public var rules: [Rule] { source.rules }
    let source: RuleSource
    let table: CompiledRules
    /// Every regex's required literals, found in one pass per field.
    let literals: LiteralIndex
    /// Where evaluations record the literals found (reused from message to message).
    let literalMarks: LiteralMarksPool
    /// The fields text conditions read, by slot; conditions name slots, not fields.
    let slots: [TextField]
    /// Each slot's field as hits' evidence names it.
    let slotLabels: [String]
    /// The slots of `header` fields: their texts are built together (`EvaluationContext.bytes`).
    let headerSlots: [HeaderSlot]
    let slotTries: [KeywordTrie?]
    /// Rules without a gate: evaluated for every message.
    let ungated: [Bool]
    let ungatedIndexes: [Int]
    /// The names of the rules without a gate (no phrase list and no regex with a required literal
    /// among their positive conditions): each costs time on every message.
    public var ungatedRuleNames: [String] {
        guard let rules = table.rules(where: ungated) else { return table.replacement().ungatedRuleNames }
        return rules.map(\.rule.name)
    }
    /// Uses of a regex before it is compiled with JIT (`LazyRegex`): few for one message, none for a run.
    private let regexJITAfter = Atomic<Int>(LazyRegex.jitAfter)

    /// For a run over many messages (batch, classify): each regex is compiled with JIT when first used,
    /// not interpreted for its first few uses and compiled twice. Matches are the same.
    public func compileRegexesWithJITFromFirstUse() {
        regexJITAfter.store(0, ordering: .relaxed)
    }

    /// Per slot, phrase id → the rules whose gate that phrase opens; likewise for regex literals.
    let phraseGates: [GateTable?]
    let literalGates: [GateTable?]

    public struct CompileError: Error, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    final class CompiledCondition: Sendable {
        enum Test: Sendable {
            /// Per field slot, the sorted phrase ids any of which makes the condition hold.
            case phrases([(slot: Int, ids: [Int32])])
            /// The regex over field slots, and the literals (by id) a text must hold for it to match
            /// (nil: no such literal, always run it).
            case regex([Int], LazyRegex, literals: LiteralRequirement?)
            case amount(Comparison, Double, String?)
            case count(CountedFact, Comparison, Int)
            case language([String])
            case automated(AutomatedKind?)
            case meta(all: Bool, [Int])
        }
        let test: Test
        let negated: Bool
        /// Cheap conditions are checked first.
        let cost: Int

        init(test: Test, negated: Bool, cost: Int) {
            self.test = test
            self.negated = negated
            self.cost = cost
        }
    }

    /// Classes, not structs: the evaluation loop then passes references, not copies of arrays.
    /// A rule as evaluation needs it: its name, effects and conditions (cheap ones first).
    final class CompiledRule: Sendable {
        let name: String
        let effects: [Effect]
        let conditions: [CompiledCondition]
        let setsAutomated: Bool
        /// The literal requirements of its regexes that must match, with their fields (what
        /// `literalsAllow` checks before any condition is tested), in one flat array: per regex its
        /// number of slots and the slots, then the length of its requirement and the requirement as
        /// `LiteralRequirement.flat` lays it out. Every rule a message reaches is checked: one array
        /// read in place, not an array of checks, each with an array of slots and a requirement
        /// object with arrays of its own (each a cache miss, and a retain and release).
        let literalChecks: [Int32]

        init(name: String, effects: [Effect], conditions: [CompiledCondition], setsAutomated: Bool) {
            self.name = name
            self.effects = effects
            self.conditions = conditions
            self.setsAutomated = setsAutomated
            var checks: [Int32] = []
            for c in conditions where !c.negated {
                guard case .regex(let slots, _, let required?) = c.test else { continue }
                checks.append(Int32(slots.count))
                checks += slots.map { Int32($0) }
                checks.append(Int32(required.flat.count))
                checks += required.flat
            }
            literalChecks = checks
        }
    }

    /// The engine from its parts: what compiling builds, and what the compiled-rules cache stores.
    init(source: RuleSource, table: CompiledRules, slots: [TextField], slotTries: [KeywordTrie?], ungated: [Bool],
         phraseGates: [GateTable?], literalGates: [GateTable?], literals: LiteralIndex) {
        self.source = source
        self.table = table
        self.slots = slots
        self.slotLabels = slots.map(\.label)
        self.headerSlots = slots.indices.compactMap { k in
            guard case .header(let name) = slots[k] else { return nil }
            return HeaderSlot(slot: k, name: name)
        }
        self.slotTries = slotTries
        self.ungated = ungated
        self.ungatedIndexes = ungated.indices.filter { ungated[$0] }
        self.phraseGates = phraseGates
        self.literalGates = literalGates
        self.literals = literals
        self.literalMarks = LiteralMarksPool(literals: literals.count, slots: slots.count)
    }

    public func evaluate(_ input: RuleInput) -> RuleEvaluation { evaluate(input, gated: true) }

    /// `gated: false` evaluates every rule: the reference the gates are tested against.
    func evaluate(_ input: RuleInput, gated: Bool) -> RuleEvaluation {
        var context = EvaluationContext(input: input, engine: self)
        defer { literalMarks.giveBack(context.marks) }
        // Open the gates: every phrase and regex literal found in the gated fields.
        var candidate = gated ? ungated : [Bool](repeating: true, count: table.count)
        var opened: [Int] = []
        opened.reserveCapacity(256)  // a few hundred a message: one allocation, not one per doubling
        var sound = true
        for k in slots.indices where gated {
            if let gates = phraseGates[k] { for id in context.phraseIDs(k) { sound = gates.open(Int(id), &candidate, &opened) && sound } }
            if let gates = literalGates[k] {
                for l in context.literalIDs(k) { sound = gates.open(Int(l), &candidate, &opened) && sound }
            }
        }
        // In evaluation order: the rules without a gate and those a gate opened (a few hundred of
        // thousands), not a pass over every rule.
        let order: [Int]
        if gated {
            opened += ungatedIndexes
            opened.sort()
            order = opened
        } else {
            order = Array(0..<table.count)
        }
        // The rules the gates reached (from the cache: decoded now if no message reached them before).
        // A gate table, trie or rule that is not sound comes from a corrupt cache: the engine compiled
        // from the rules evaluates instead.
        guard sound, let reached = table.unretainedRules(at: order) else { return table.replacement().evaluate(input, gated: gated) }
        var result = RuleEvaluation()
        var hit = [Bool](repeating: false, count: table.count)
        for j in reached.indices {
            var evidence: [String] = []
            // `table` holds each rule, and each rule its conditions, for the whole loop: they are
            // used without a retain and a release each (atomic writes to the lines the rule's and
            // condition's first reads miss anyway).
            let holds = reached[j]._withUnsafeGuaranteedRef { rule in
                self.holds(rule, &context, result.automated, &hit, &evidence)
            }
            if holds {
                hit[order[j]] = true
                reached[j]._withUnsafeGuaranteedRef { rule in
                    result.apply(RuleHit(name: rule.name, effects: rule.effects, evidence: evidence))
                }
            }
        }
        if context.corrupt { return table.replacement().evaluate(input, gated: gated) }
        return result
    }

    /// Whether every condition of the rule holds. The rules, their conditions and what these hold
    /// are shared by every thread evaluating: they are read in place, by index, not copied out of
    /// their arrays (each copy of a shared object is a retain and a release, atomic writes to a
    /// cache line that the other threads read too).
    private func holds(_ rule: CompiledRule, _ context: inout EvaluationContext, _ automated: AutomatedKind?,
                       _ hit: inout [Bool], _ evidence: inout [String]) -> Bool {
        guard rule.literalsAllow(&context) else { return false }
        for k in rule.conditions.indices {
            let fails = Unmanaged.passUnretained(rule.conditions[k])._withUnsafeGuaranteedRef { c in
                test(c, &context, automated, &hit, &evidence) == c.negated
            }
            if fails { return false }
        }
        return true
    }

    /// Whether the condition's test holds (before its negation). `hit` is only read: inout so that
    /// the array is not retained for each call.
    private func test(_ c: CompiledCondition, _ ctx: inout EvaluationContext, _ automated: AutomatedKind?,
                      _ hit: inout [Bool], _ evidence: inout [String]) -> Bool {
        switch c.test {
        case .phrases(let perField):
            for (k, ids) in perField {
                if let text = ctx.firstPhrase(k, of: ids) {
                    evidence.append("\(slotLabels[k]) has \"\(text)\"")
                    return true
                }
            }
            return false
        case .regex(let fieldSlots, let lazy, let required):
            for k in fieldSlots {
                // The pre-filter: without the literals it requires in the field, the regex cannot match.
                if let required, !ctx.holds(required, in: k) { continue }
                let jitAfter = regexJITAfter.load(ordering: .relaxed)
                let bytes = ctx.bytes(k)
                let marks = ctx.marks
                let attempt = bytes.withUnsafeBufferPointer {
                    Self.firstMatch(lazy, required, in: $0, slot: k, marks: marks, jitAfter: jitAfter)
                }
                guard let m = attempt else { return false }
                if let m {
                    evidence.append("\(slotLabels[k]) matches \"\(String(decoding: bytes[m.range], as: UTF8.self))\"")
                    return true
                }
            }
            return false
        case .amount(let op, let v, let cur):
            return ctx.input.facts.amounts.contains { (cur == nil || $0.currency == cur) && op.holds($0.decimalValue, v) }
        case .count(let fact, let op, let n):
            let count: Int
            switch fact {
            case .invoices: count = ctx.input.facts.invoices.count
            case .amounts: count = ctx.input.facts.amounts.count
            case .references: count = ctx.input.facts.references.count
            case .attachments: count = ctx.input.message.attachments.count
            }
            return op.holds(Double(count), Double(n))
        case .language(let codes):
            return codes.contains(ctx.input.language)
        case .automated(let kind):
            guard let automated else { return false }
            return kind == nil || kind == automated
        case .meta(let all, let indexes):
            return all ? indexes.allSatisfy { hit[$0] } : indexes.contains { hit[$0] }
        }
    }
}

extension RuleEngine {
    /// The regex's first match in `buffer`, or nil when the regex does not compile (lint reported
    /// it; a bad regex never matches). The whole regex is compiled only when it is run. A static
    /// function of its parameters: closures capturing the regex and requirement retained them for
    /// every test.
    fileprivate static func firstMatch(_ lazy: LazyRegex, _ required: LiteralRequirement?, in buffer: UnsafeBufferPointer<UInt8>,
                                       slot k: Int, marks: LiteralMarks, jitAfter: Int) -> Regex.Match?? {
        guard let required, let alternatives = required.alternatives else {
            return lazy.withCompiled(jitAfter: jitAfter) { first($0, in: buffer) }
        }
        // The alternatives whose literals the field holds, alone: the whole regex's first match is
        // the one that starts first, among equals the earliest alternative's.
        var best: Regex.Match? = nil
        for b in alternatives.indices where required.branchHolds(b, { marks.holds($0, in: k) }) {
            guard let m = alternatives[b].withCompiled(jitAfter: jitAfter, { first($0, in: buffer) }) else {
                return lazy.withCompiled(jitAfter: jitAfter) { first($0, in: buffer) }
            }
            if let m, best.map({ m.range.lowerBound < $0.range.lowerBound }) ?? true { best = m }
        }
        return .some(best)
    }

    private static func first(_ regex: Regex, in buffer: UnsafeBufferPointer<UInt8>) -> Regex.Match? {
        var found: Regex.Match? = nil
        regex.forEachMatch(in: buffer) { found = $0; return false }
        return found
    }
}

extension TextField {
    /// The field as analysts write it.
    public var label: String {
        switch self {
        case .header(let name): return "header \"\(name)\""
        default: return TextField.named.first { $0.value == self }?.key ?? "field"
        }
    }
}
