import Foundation
import RuleLanguage
import TextMatching

/// The compiled-rules cache: the engine's evaluation structures as they are (gate tables, the
/// keyword trie's flat arrays, each rule's compiled conditions with phrase, literal and rule ids),
/// laid out to be used in place: loading builds nothing from the trie and gate arrays (they are
/// read where they lie, once checked), and a rule's conditions are decoded only when a message's
/// gates first reach it (`CompiledRules`). The rules as written follow, decoded only when someone
/// asks for `rules`.
extension RuleEngine {
    static let cacheFormat: UInt32 = 13

    public func encoded() -> [UInt8] {
        guard let compiled = table.rules(where: [Bool](repeating: true, count: table.count)) else {
            return table.replacement().encoded()
        }
        var w = BinaryWriter()
        w.u32(Self.cacheFormat)
        w.u32(UInt32(table.count))
        TextField.encode(slots, into: &w)
        // Every slot with phrase conditions shares one trie.
        let trie = slotTries.lazy.compactMap { $0 }.first
        w.bool(trie != nil)
        trie?.encode(into: &w)
        w.byteArray(slotTries.map { $0 == nil ? 0 : 1 })
        w.byteArray(ungated.map { $0 ? 1 : 0 })
        for gates in [phraseGates, literalGates] {
            for g in gates {
                w.bool(g != nil)
                if let g { w.alignedI32s(g.start); w.alignedI32s(g.rules) }
            }
        }
        literals.encode(into: &w)
        // Each rule's bytes, and where each starts: a rule is decoded on its own.
        var section = BinaryWriter()
        var offsets: [Int32] = [0]
        for (_, rule) in compiled {
            rule.encode(into: &section)
            offsets.append(Int32(section.bytes.count))
        }
        w.alignedI32s(offsets)
        w.byteArray(section.bytes)
        // The rules as written, last: a length, so loading can skip them.
        var source = BinaryWriter()
        for r in rules { r.encode(into: &source) }
        w.byteArray(source.bytes)
        return w.bytes
    }

    /// An engine from `encoded()` bytes (starting at `offset`, which must be 4-aligned); nil when
    /// they are not a valid cache. The tables are checked here; each rule is checked when decoded.
    public convenience init?(encoded bytes: [UInt8], from offset: Int = 0) {
        self.init(encoded: ByteStore(copying: bytes), from: offset, recompile: nil)
    }

    /// The same over bytes used in place. `recompile` gives the engine to use instead when a rule
    /// turns out not to decode (a corrupt cache): compiled from the rule files. Without it, the
    /// rules as written in the cache are compiled.
    public convenience init?(encoded bytes: ByteStore, from offset: Int, recompile: (@Sendable () -> RuleEngine)?) {
        var r = BinaryReader(bytes, from: offset)
        guard r.u32() == Self.cacheFormat, let count = r.u32().map(Int.init), let slots = TextField.decodeList(&r),
              let hasTrie = r.bool() else { return nil }
        var trie: KeywordTrie? = nil
        if hasTrie { guard let t = KeywordTrie(decoding: &r) else { return nil }; trie = t }
        guard let usesTrie = r.byteArray(), usesTrie.count == slots.count, !usesTrie.contains(where: { $0 != 0 && trie == nil }),
              let ungated = r.byteArray(), ungated.count == count else { return nil }
        var gates: [[GateTable?]] = [[], []]
        for kind in 0..<2 {
            for _ in slots.indices {
                guard let present = r.bool() else { return nil }
                guard present else { gates[kind].append(nil); continue }
                guard let start = r.alignedI32s(), let rules = r.alignedI32s(), let g = GateTable(start: start, rules: rules)
                else { return nil }
                gates[kind].append(g)
            }
        }
        guard let literals = LiteralIndex(decoding: &r), let offsets = r.alignedI32s(), let sectionLength = r.u32().map(Int.init),
              offsets.count == count + 1, offsets[0] == 0, Int(offsets[count]) == sectionLength else { return nil }
        let section = r.position
        guard sectionLength <= bytes.count - section else { return nil }
        var rest = BinaryReader(bytes, from: section + sectionLength)
        guard let sourceLength = rest.u32().map(Int.init), rest.position + sourceLength == bytes.count else { return nil }
        let source = RuleSource(bytes: bytes, from: rest.position, count: count)
        let table = CompiledRules(bytes: bytes, section: section, offsets: offsets,
                                  limits: (slots: slots.count, literals: literals.count),
                                  recompile: recompile ?? { RuleEngine.compiling(source) })
        self.init(source: source, table: table, slots: slots,
                  slotTries: usesTrie.map { $0 != 0 ? trie : nil }, ungated: ungated.map { $0 != 0 },
                  phraseGates: gates[0], literalGates: gates[1], literals: literals)
    }

    /// An engine compiled from the rules as written in a cache whose compiled part is corrupt.
    private static func compiling(_ source: RuleSource) -> RuleEngine {
        guard let rules = source.decodedRules else {
            fatalError("the compiled-rules cache is corrupt and holds no readable rules: load it with a way to recompile")
        }
        return RuleEngine(ordering: rules)
    }
}

extension RuleEngine.GateTable {
    /// Flat arrays from the cache, used in place: their ends are checked here, each key's range
    /// and rule indexes when `open` reads them.
    init?(start: StoredArray<Int32>, rules: StoredArray<Int32>) {
        guard !start.isEmpty, start[0] == 0, Int(start[start.count - 1]) == rules.count else { return nil }
        self.start = start
        self.rules = rules
    }
}

extension RuleEngine.CompiledRule {
    func encode(into w: inout BinaryWriter) {
        w.string(name)
        w.u32(UInt32(effects.count))
        for e in effects { e.encode(into: &w) }
        w.bool(setsAutomated)
        w.u32(UInt32(conditions.count))
        for c in conditions {
            w.bool(c.negated)
            w.u8(UInt8(c.cost))
            switch c.test {
            case .phrases(let perField):
                w.u8(0); w.u32(UInt32(perField.count))
                for (slot, ids) in perField { w.u32(UInt32(slot)); w.i32Array(ids) }
            case .regex(let slots, let regex, let literals):
                w.u8(1); w.i32Array(slots.map { Int32($0) }); w.string(regex.pattern)
                w.bool(literals != nil)
                w.u32(UInt32(literals?.branches.count ?? 0))
                for sets in literals?.branches ?? [] { w.u32(UInt32(sets.count)); for set in sets { w.i32Array(set) } }
                // The alternatives (-1: none), each its pattern and its sets.
                w.u32(UInt32(bitPattern: Int32(literals?.alternatives?.count ?? -1)))
                for (regex, sets) in zip(literals?.alternatives ?? [], literals?.alternativeSets ?? []) {
                    w.string(regex.pattern)
                    w.u32(UInt32(sets.count)); for set in sets { w.i32Array(set) }
                }
            case .amount(let op, let v, let currency):
                w.u8(2); w.string(op.rawValue); w.double(v); w.string(currency ?? "")
            case .count(let fact, let op, let n):
                w.u8(3); w.string(fact.rawValue); w.string(op.rawValue); w.int(n)
            case .language(let codes):
                w.u8(4); w.strings(codes)
            case .automated(let kind):
                w.u8(5); w.string(kind?.rawValue ?? "")
            case .meta(let all, let indexes):
                w.u8(6); w.bool(all); w.i32Array(indexes.map { Int32($0) })
            }
        }
    }

    /// `slots`, `literals`, `rules`: how many there are, to check the ids against.
    convenience init?(decoding r: inout BinaryReader, slots: Int, literals: Int, rules: Int) {
        guard let name = r.string(), let effectCount = r.u32() else { return nil }
        var effects: [Effect] = []
        for _ in 0..<effectCount { guard let e = Effect(decoding: &r) else { return nil }; effects.append(e) }
        guard let setsAutomated = r.bool(), let conditionCount = r.u32() else { return nil }
        func inRange(_ a: [Int32], _ n: Int) -> [Int]? {
            a.contains { $0 < 0 || Int($0) >= n } ? nil : a.map(Int.init)
        }
        var conditions: [RuleEngine.CompiledCondition] = []
        for _ in 0..<conditionCount {
            guard let negated = r.bool(), let cost = r.u8(), let tag = r.u8() else { return nil }
            let test: RuleEngine.CompiledCondition.Test
            switch tag {
            case 0:
                guard let n = r.u32() else { return nil }
                var perField: [(slot: Int, ids: [Int32])] = []
                for _ in 0..<n {
                    guard let slot = r.u32().map(Int.init), slot < slots, let ids = r.i32Array() else { return nil }
                    perField.append((slot, ids))
                }
                test = .phrases(perField)
            case 1:
                guard let s = r.i32Array().flatMap({ inRange($0, slots) }), let pattern = r.string(), let hasLiterals = r.bool(),
                      let branchCount = r.u32(), hasLiterals == (branchCount > 0) else { return nil }
                func readSets(allowingNone: Bool) -> [[Int32]]? {
                    guard let setCount = r.u32(), allowingNone || setCount > 0, setCount <= 1 << 16 else { return nil }
                    var sets: [[Int32]] = []
                    for _ in 0..<setCount {
                        guard let set = r.i32Array(), !set.isEmpty, inRange(set, literals) != nil else { return nil }
                        sets.append(set)
                    }
                    return sets
                }
                var branches: [[[Int32]]] = []
                for _ in 0..<branchCount {
                    guard let sets = readSets(allowingNone: false) else { return nil }
                    branches.append(sets)
                }
                guard let alternativeCount = r.u32().map({ Int32(bitPattern: $0) }), alternativeCount >= -1, alternativeCount <= 1 << 16 else { return nil }
                var alternatives: [(pattern: String, sets: [[Int32]])]? = alternativeCount < 0 ? nil : []
                for _ in 0..<max(alternativeCount, 0) {
                    guard let alternative = r.string(), let sets = readSets(allowingNone: true) else { return nil }
                    alternatives?.append((alternative, sets))
                }
                test = .regex(s, LazyRegex(pattern), literals: hasLiterals
                    ? LiteralRequirement(branches: branches, alternatives: alternatives) : nil)
            case 2:
                guard let op = r.string().flatMap(Comparison.init(rawValue:)), let v = r.double(), let c = r.string() else { return nil }
                test = .amount(op, v, c.isEmpty ? nil : c)
            case 3:
                guard let f = r.string().flatMap(CountedFact.init(rawValue:)), let op = r.string().flatMap(Comparison.init(rawValue:)),
                      let n = r.int() else { return nil }
                test = .count(f, op, n)
            case 4:
                guard let codes = r.strings() else { return nil }
                test = .language(codes)
            case 5:
                guard let k = r.string() else { return nil }
                test = .automated(k.isEmpty ? nil : AutomatedKind(rawValue: k))
            case 6:
                guard let all = r.bool(), let indexes = r.i32Array().flatMap({ inRange($0, rules) }) else { return nil }
                test = .meta(all: all, indexes)
            default:
                return nil
            }
            conditions.append(RuleEngine.CompiledCondition(test: test, negated: negated, cost: Int(cost)))
        }
        self.init(name: name, effects: effects, conditions: conditions, setsAutomated: setsAutomated)
    }
}
