import Extraction
import Foundation
import MailModel
import RuleLanguage
import TextMatching

/// The rule set compiled for evaluation.
///
/// Every phrase list of every rule that looks at one field goes into one
/// `KeywordTrie` for that field: a message's field is scanned once, whatever
/// the number of rules. Regexes are compiled once (PCRE2 JIT) and run only for
/// rules whose cheaper conditions already hold. Meta rules run after the rules
/// they name; rules that mark mail as automated run before the rest, so
/// `when automated` sees their verdict.
public final class RuleEngine: Sendable {
    public let rules: [Rule]
    private let compiled: [CompiledRule]
    private let tries: [TextField: KeywordTrie]
    /// Phrase id → the phrase as written (for evidence).
    private let phraseTexts: [String]
    /// Phrase id → the id a match reports.
    private let canonical: [Int]
    /// Every regex's required literals, found in one pass per field.
    private let literals: SubstringSet

    public struct CompileError: Error, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    final class CompiledCondition: Sendable {
        enum Test: Sendable {
            case phrases([(TextField, Set<Int>)])
            /// The regex, and the ids of the literals one of which a text must hold for it to
            /// match (nil: no such literal, always run it).
            case regex([TextField], LazyRegex, literals: [Int]?)
            case amount(Comparison, Double, String?)
            case count(CountedFact, Comparison, Int)
            case language(Set<String>)
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
    final class CompiledRule: Sendable {
        let rule: Rule
        let conditions: [CompiledCondition]
        let setsAutomated: Bool

        init(rule: Rule, conditions: [CompiledCondition], setsAutomated: Bool) {
            self.rule = rule
            self.conditions = conditions
            self.setsAutomated = setsAutomated
        }
    }

    /// Compiles a rule set; fails with its errors if it has any.
    public convenience init(_ set: RuleSet) throws {
        guard set.errors.isEmpty else { throw CompileError(diagnostics: set.errors) }
        // Order: rules that set `automated` first, then the others; each after the rules it names.
        let byName = Dictionary(set.rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var ordered: [Rule] = []
        var placed = Set<String>()
        func place(_ r: Rule) {
            guard !placed.contains(r.name) else { return }
            placed.insert(r.name)
            for d in r.dependencies { if let dep = byName[d] { place(dep) } }
            ordered.append(r)
        }
        for r in set.rules where r.effects.contains(where: { if case .automated = $0 { return true }; return false }) { place(r) }
        for r in set.rules { place(r) }

        // One trie per field; a phrase's id is whatever the trie resolves it to.
        var phrasesByField: [TextField: [(phrase: String, payload: Int)]] = [:]
        var texts: [String] = []
        for r in ordered {
            for c in r.conditions {
                guard case .phrases(let fields, let phrases) = c.kind else { continue }
                for f in fields {
                    for p in phrases {
                        phrasesByField[f, default: []].append((p, texts.count))
                        texts.append(p)
                    }
                }
            }
        }
        var tries: [TextField: KeywordTrie] = [:]
        /// Phrase id → the id a match reports (phrases that fold alike share one).
        var canonical = [Int](repeating: 0, count: texts.count)
        for (field, entries) in phrasesByField {
            let trie = KeywordTrie(entries)
            tries[field] = trie
            for (k, e) in entries.enumerated() { canonical[e.payload] = trie.resolvedPayloads[k] }
        }

        self.init(ordered: ordered, tries: tries, canonical: canonical, phraseTexts: texts)
    }

    /// Builds the evaluation structures from ordered rules and their built tries: the
    /// cheap part of loading, shared by the normal path and the compiled-rules cache.
    private init(ordered: [Rule], tries: [TextField: KeywordTrie], canonical: [Int], phraseTexts: [String]) {
        let index = Dictionary(ordered.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var nextID = 0
        var literalTexts: [String] = []
        var literalIDs: [String: Int] = [:]
        func literalIDsFor(_ pattern: String) -> [Int]? {
            guard let required = RegexLiterals.required(pattern) else { return nil }
            return required.map { lit in
                if let id = literalIDs[lit] { return id }
                literalIDs[lit] = literalTexts.count
                literalTexts.append(lit)
                return literalTexts.count - 1
            }
        }
        var compiled: [CompiledRule] = []
        for r in ordered {
            var conditions: [CompiledCondition] = []
            for c in r.conditions {
                let test: CompiledCondition.Test
                var cost = 1
                switch c.kind {
                case .phrases(let fields, let phrases):
                    // Ids were handed out in this same order above: field by field, phrase by phrase.
                    var perField: [(TextField, Set<Int>)] = []
                    for f in fields {
                        perField.append((f, Set(phrases.indices.map { k in canonical[nextID + k] })))
                        nextID += phrases.count
                    }
                    test = .phrases(perField)
                    cost = 2
                case .regex(let fields, let pattern):
                    test = .regex(fields, LazyRegex(pattern), literals: literalIDsFor(pattern))
                    cost = 5
                case .amount(let op, let v, let cur): test = .amount(op, v, cur)
                case .count(let f, let op, let n): test = .count(f, op, n)
                case .language(let codes): test = .language(Set(codes))
                case .automated(let kind): test = .automated(kind)
                case .meta(let all, let names): test = .meta(all: all, names.compactMap { index[$0] })
                }
                conditions.append(CompiledCondition(test: test, negated: c.negated, cost: cost))
            }
            conditions.sort { $0.cost < $1.cost }
            let setsAutomated = r.effects.contains { if case .automated = $0 { return true }; return false }
            compiled.append(CompiledRule(rule: r, conditions: conditions, setsAutomated: setsAutomated))
        }
        self.rules = ordered
        self.compiled = compiled
        self.tries = tries
        self.phraseTexts = phraseTexts
        self.canonical = canonical
        self.literals = SubstringSet(literalTexts)
    }

    // MARK: the compiled-rules cache

    static let cacheFormat: UInt32 = 2

    /// The engine as bytes: ordered rules, the trie of each field, the phrase ids.
    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.u32(Self.cacheFormat)
        w.u32(UInt32(rules.count))
        for r in rules { r.encode(into: &w) }
        w.u32(UInt32(tries.count))
        for (field, trie) in tries.sorted(by: { $0.key.label < $1.key.label }) {
            TextField.encode([field], into: &w)
            trie.encode(into: &w)
        }
        w.i32Array(canonical.map { Int32($0) })
        w.strings(phraseTexts)
        return w.bytes
    }

    /// An engine from `encoded()` bytes; nil when they are not a valid cache.
    public convenience init?(encoded bytes: [UInt8]) {
        var r = BinaryReader(bytes)
        guard r.u32() == Self.cacheFormat, let ruleCount = r.u32() else { return nil }
        var rules: [Rule] = []
        for _ in 0..<ruleCount { guard let rule = Rule(decoding: &r) else { return nil }; rules.append(rule) }
        guard let trieCount = r.u32() else { return nil }
        var tries: [TextField: KeywordTrie] = [:]
        for _ in 0..<trieCount {
            guard let fields = TextField.decodeList(&r), fields.count == 1, let trie = KeywordTrie(decoding: &r) else { return nil }
            tries[fields[0]] = trie
        }
        guard let canonical = r.i32Array()?.map({ Int($0) }), let texts = r.strings(), r.atEnd else { return nil }
        self.init(ordered: rules, tries: tries, canonical: canonical, phraseTexts: texts)
    }

    public func evaluate(_ input: RuleInput) -> RuleEvaluation {
        var context = EvaluationContext(input: input, tries: tries)
        var result = RuleEvaluation()
        var hit = [Bool](repeating: false, count: compiled.count)
        for (i, rule) in compiled.enumerated() {
            var evidence: [String] = []
            var holds = true
            for c in rule.conditions {
                let value = test(c.test, &context, result.automated, hit, &evidence)
                if value == c.negated { holds = false; break }
            }
            if holds {
                hit[i] = true
                result.apply(RuleHit(name: rule.rule.name, effects: rule.rule.effects, evidence: evidence))
            }
        }
        return result
    }

    private func test(_ t: CompiledCondition.Test, _ ctx: inout EvaluationContext, _ automated: AutomatedKind?,
                      _ hit: [Bool], _ evidence: inout [String]) -> Bool {
        switch t {
        case .phrases(let perField):
            for (field, ids) in perField {
                let found = ctx.phraseMatches(field)
                if let m = found.first(where: { ids.contains($0.id) }) {
                    evidence.append("\(field.label) has \"\(m.text)\"")
                    return true
                }
            }
            return false
        case .regex(let fields, let lazy, let required):
            for f in fields {
                // The pre-filter: without one of its literals in the field, the regex cannot match.
                if let required, !required.contains(where: { ctx.literalFound(f, $0, literals) }) { continue }
                guard let regex = lazy.compiled else { return false }  // lint reported it; a bad regex never matches
                let bytes = ctx.bytes(f)
                let m = bytes.withUnsafeBufferPointer { buffer -> Regex.Match? in
                    var found: Regex.Match? = nil
                    regex.forEachMatch(in: buffer) { found = $0; return false }
                    return found
                }
                if let m {
                    evidence.append("\(f.label) matches \"\(String(decoding: bytes[m.range], as: UTF8.self))\"")
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

    /// Per-message cache: each field's text is scanned by its trie at most once.
    struct EvaluationContext {
        let input: RuleInput
        let tries: [TextField: KeywordTrie]
        var matches: [TextField: [(id: Int, text: String)]] = [:]
        var texts: [TextField: [UInt8]] = [:]
        var literalHits: [TextField: [Bool]] = [:]

        /// Whether literal `id` occurs in the field (all literals found in one pass per field).
        mutating func literalFound(_ field: TextField, _ id: Int, _ set: SubstringSet) -> Bool {
            if let hits = literalHits[field] { return hits[id] }
            let lowered = SubstringSet.lowercasedBytes(input.text(field))
            let hits = lowered.withUnsafeBufferPointer { set.found(in: $0) }
            literalHits[field] = hits
            return hits[id]
        }

        /// The field's text as UTF-8 bytes, built once per message.
        mutating func bytes(_ field: TextField) -> [UInt8] {
            if let b = texts[field] { return b }
            let b = Array(input.text(field).utf8)
            texts[field] = b
            return b
        }

        init(input: RuleInput, tries: [TextField: KeywordTrie]) {
            self.input = input
            self.tries = tries
        }

        mutating func phraseMatches(_ field: TextField) -> [(id: Int, text: String)] {
            if let m = matches[field] { return m }
            let found: [(id: Int, text: String)] = bytes(field).withUnsafeBufferPointer { bytes in
                (tries[field]?.allMatches(in: bytes) ?? []).map {
                    ($0.payload, String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self))
                }
            }
            matches[field] = found
            return found
        }
    }
}

/// A regex compiled (with JIT) the first time a message reaches it: loading a
/// large rule set stays cheap, and `deliver` compiles only what one message needs.
final class LazyRegex: @unchecked Sendable {
    let pattern: String
    private var regex: Regex?
    private var failed = false
    private let lock = NSLock()

    init(_ pattern: String) { self.pattern = pattern }

    var compiled: Regex? {
        lock.lock()
        defer { lock.unlock() }
        if regex == nil && !failed {
            regex = try? Regex(pattern, options: .caseInsensitive)
            failed = regex == nil
        }
        return regex
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
