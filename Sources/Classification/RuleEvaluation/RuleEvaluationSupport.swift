import Foundation
import MailModel
import Synchronization
import RuleLanguage
import TextMatching

extension RuleEngine {
    /// Key (a phrase or literal id) → rule indexes, as two flat arrays (built without hashing,
    /// which matters when `deliver` loads the rules for one message).
    struct GateTable: Sendable {
        let start: StoredArray<Int32>
        let rules: StoredArray<Int32>

        init(keys: Int, pairs: [(key: Int32, rule: Int32)]) {
            var start = [Int32](repeating: 0, count: keys + 1)
            for p in pairs { start[Int(p.key) + 1] += 1 }
            for k in 0..<keys { start[k + 1] += start[k] }
            var fill = start
            var rules = [Int32](repeating: 0, count: pairs.count)
            for p in pairs { rules[Int(fill[Int(p.key)])] = p.rule; fill[Int(p.key)] += 1 }
            self.start = StoredArray(start)
            self.rules = StoredArray(rules)
        }

        /// Marks the rules of `key`, adding those not marked yet to `opened`; false when its range or
        /// a rule index lies outside the arrays (a table from a corrupt cache).
        @inline(__always)
        func open(_ key: Int, _ candidate: inout [Bool], _ opened: inout [Int]) -> Bool {
            guard key >= 0, key + 1 < start.count else { return true }
            var k = Int(start[key])
            let end = Int(start[key + 1])
            guard k >= 0, k <= end, end <= rules.count else { return false }
            while k < end {
                let rule = Int(rules[k])
                guard rule >= 0, rule < candidate.count else { return false }
                if !candidate[rule] { candidate[rule] = true; opened.append(rule) }
                k += 1
            }
            return true
        }
    }

    /// A slot of a `header` field: the name, and what tells most other names from it cheaply.
    struct HeaderSlot: Sendable {
        let slot: Int
        let name: String
        let length: Int
        let first: UInt8

        init(slot: Int, name: String) {
            (self.slot, self.name) = (slot, name)
            (length, first) = Self.key(name)
        }

        /// A name's UTF-8 length and first byte with bit 0x20 set: two names that differ in either
        /// are not equal ignoring ASCII case (`caseInsensitiveEquals`).
        @inline(__always)
        static func key(_ name: String) -> (Int, UInt8) {
            let utf8 = name.utf8
            return (utf8.count, (utf8.first ?? 0) | 0x20)
        }
    }

    /// Per-message cache, by field slot: each field's bytes are built, scanned by its trie and
    /// searched for regex literals at most once.
    struct EvaluationContext {
        let input: RuleInput
        let engine: RuleEngine
        private var texts: [[UInt8]?]
        /// Per slot: the phrase ids found, sorted, and the byte range of each one's first occurrence.
        private var found: [(ids: [Int32], ranges: [Range<Int>])?]
        /// Per slot: the regex literals found (ids), each also marked in `marks`.
        private var literals: [[Int32]?]
        let marks: LiteralMarks
        /// Set when a trie or literal search stepped outside its arrays (a corrupt cache).
        private(set) var corrupt = false

        init(input: RuleInput, engine: RuleEngine) {
            self.input = input
            self.engine = engine
            texts = Array(repeating: nil, count: engine.slots.count)
            found = Array(repeating: nil, count: engine.slots.count)
            literals = Array(repeating: nil, count: engine.slots.count)
            marks = engine.literalMarks.take()
            marks.begin()
        }

        /// The field's text as UTF-8 bytes, built once per message.
        mutating func bytes(_ k: Int) -> [UInt8] {
            if let b = texts[k] { return b }
            if case .header = engine.slots[k] {
                headerTexts()
                if let b = texts[k] { return b }
            }
            let b = Array(input.text(engine.slots[k]).utf8)
            texts[k] = b
            return b
        }

        /// Every header slot's text (what `RuleInput.text` gives), from one pass over the message's
        /// header fields: a rule set names a few dozen headers, and finding each one's fields
        /// apart compared every field with every name.
        private mutating func headerTexts() {
            let slots = engine.headerSlots
            var values = [[String]](repeating: [], count: slots.count)
            let headers = input.message.headers
            for f in headers.indices {
                let (length, first) = HeaderSlot.key(headers[f].name)
                // By index: a slot or field copied out of its array is a retain and release a name.
                for j in slots.indices where slots[j].length == length && slots[j].first == first
                    && headers[f].name.caseInsensitiveEquals(slots[j].name) {
                    values[j].append(headers[f].value)
                }
            }
            for (j, h) in slots.enumerated() {
                // Most headers named are absent from a message, a few present once.
                switch values[j].count {
                case 0: texts[h.slot] = []
                case 1: texts[h.slot] = Array(values[j][0].utf8)
                default: texts[h.slot] = Array(values[j].joined(separator: "\n").utf8)
                }
            }
        }

        /// The ids of the regex literals that occur in the field (all of them found in one pass over
        /// its bytes, lower-cased once).
        mutating func literalIDs(_ k: Int) -> [Int32] {
            if let ids = literals[k] { return ids }
            let marks = marks
            bytes(k).withUnsafeBufferPointer { SubstringSet.lowercase(utf8: $0, into: &marks.lowered) }
            let found = engine.literalsFound(by: marks, slot: k)
            if found == nil { corrupt = true }
            literals[k] = found ?? []
            return found ?? []
        }

        /// Whether the field holds what `required` asks for (a regex that cannot match otherwise).
        mutating func holds(_ required: LiteralRequirement, in k: Int) -> Bool {
            searchLiterals(k)
            return required.holds { marks.holds($0, in: k) }
        }

        /// Searches the field for the regex literals if that was not done yet: `marks` then tells
        /// which it holds.
        mutating func searchLiterals(_ k: Int) {
            if literals[k] == nil { _ = literalIDs(k) }
        }

        private mutating func scan(_ k: Int) -> (ids: [Int32], ranges: [Range<Int>]) {
            if let f = found[k] { return f }
            var pairs: [(Int32, Range<Int>)] = []
            if let trie = engine.slotTries[k] {
                let matches = bytes(k).withUnsafeBufferPointer { trie.checkedAllMatches(in: $0) }
                if matches == nil { corrupt = true }
                pairs = (matches ?? []).map { (Int32($0.payload), $0.range) }
            }
            // Sorted by id, the first occurrence of each kept (the sort is stable on position).
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.lowerBound < $1.1.lowerBound }
            var ids: [Int32] = [], ranges: [Range<Int>] = []
            ids.reserveCapacity(pairs.count)
            ranges.reserveCapacity(pairs.count)
            for (id, range) in pairs where ids.last != id { ids.append(id); ranges.append(range) }
            found[k] = (ids, ranges)
            return (ids, ranges)
        }

        /// The phrase ids found in the field, sorted.
        mutating func phraseIDs(_ k: Int) -> [Int32] { scan(k).ids }

        /// The text of the earliest-listed phrase of `wanted` (sorted ids) found in the field.
        mutating func firstPhrase(_ k: Int, of wanted: [Int32]) -> String? {
            if found[k] == nil { _ = scan(k) }
            // The field's lists read where they are (a copy of them is a retain and release each).
            guard let best = Self.earliest(of: wanted, ids: found[k]!.ids, ranges: found[k]!.ranges) else { return nil }
            return String(decoding: bytes(k)[best], as: UTF8.self)
        }

        /// The range of the earliest occurrence among the phrases of `wanted` that `ids` holds
        /// (both sorted), `ranges` being each id's first occurrence.
        private static func earliest(of wanted: [Int32], ids: [Int32], ranges: [Range<Int>]) -> Range<Int>? {
            // Both lists are sorted: walk them together.
            var a = 0, b = 0
            var best: Range<Int>? = nil
            while a < ids.count && b < wanted.count {
                if ids[a] == wanted[b] {
                    if best == nil || ranges[a].lowerBound < best!.lowerBound { best = ranges[a] }
                    a += 1; b += 1
                } else if ids[a] < wanted[b] { a += 1 } else { b += 1 }
            }
            return best
        }
    }
}

extension RuleEngine {
    /// The regex literals in slot `k`'s lower-cased text (`marks.lowered`), marked in `marks`
    /// (`LiteralIndex.found`). Here, not in the context: the index is read in place, not copied
    /// (a copy retains and releases its arrays).
    func literalsFound(by marks: LiteralMarks, slot k: Int) -> [Int32]? {
        marks.lowered.withUnsafeBufferPointer { literals.found(in: $0, slot: k, marks: marks) }
    }
}

/// A regex compiled the first time a message reaches it: loading a large rule set stays cheap,
/// and `deliver` compiles only what one message needs. For one message it is first compiled for the
/// interpreter (JIT compilation costs far more than matching one message); a regex that keeps being
/// used is compiled again with JIT. A whole run (batch, classify) asks for JIT from the first use
/// (`jitAfter` 0): it would reach that point anyway. Both give the same matches.
final class LazyRegex: @unchecked Sendable {
    let pattern: String
    private var regex: Regex?
    private var failed = false
    private var jitted = false
    private var uses = 0
    private let lock = NSLock()
    private let settled = Atomic<Bool>(false)
    /// Once settled with a regex: that regex, unretained (`regex` holds it for good).
    private let settledRegex = Atomic<UInt>(0)
    /// Uses before the JIT compilation pays off, for one message at a time.
    static let jitAfter = 8

    init(_ pattern: String) { self.pattern = pattern }

    /// `body` over the regex (`compiled(jitAfter:)`), nil when it does not compile. Once settled the
    /// regex is lent without a retain and a release: evaluating threads share it, and each of those
    /// is an atomic write to the same line.
    @inline(__always)
    func withCompiled<R>(jitAfter: Int, _ body: (Regex) -> R) -> R? {
        let ref = settledRegex.load(ordering: .acquiring)
        if ref != 0 {
            return Unmanaged<Regex>.fromOpaque(UnsafeRawPointer(bitPattern: ref)!)._withUnsafeGuaranteedRef(body)
        }
        return compiled(jitAfter: jitAfter).map(body)
    }

    /// The regex, interpreted for its first `jitAfter` uses, then with JIT; nil if it does not compile.
    func compiled(jitAfter: Int) -> Regex? {
        // Once settled (compiled with JIT, or failed), `regex` never changes: no lock.
        if settled.load(ordering: .acquiring) { return regex }
        lock.lock()
        defer { lock.unlock() }
        if !failed && !jitted {
            uses += 1
            // Threads still matching with the interpreted one keep it alive until they are done.
            if regex == nil || uses > jitAfter {
                let jit = uses > jitAfter
                if let r = try? Regex(pattern, options: .caseInsensitive, jit: jit) { (regex, jitted) = (r, jit) } else { failed = true }
            }
            if jitted, let regex { settledRegex.store(UInt(bitPattern: Unmanaged.passUnretained(regex).toOpaque()), ordering: .releasing) }
            if failed || jitted { settled.store(true, ordering: .releasing) }
        }
        return regex
    }
}

extension RuleEngine.CompiledRule {
    /// False when a regex the rule needs to match cannot: its fields lack the literals it requires.
    /// The rule cannot hold then, and none of its regexes need run (whatever their order). When it
    /// is true the conditions are evaluated as usual, so what a hit records does not change.
    func literalsAllow(_ context: inout RuleEngine.EvaluationContext) -> Bool {
        literalChecks.withUnsafeBufferPointer { checks in
            var i = 0
            while i < checks.count {
                let slots = i + 1 ..< i + 1 + Int(checks[i])
                let required = slots.upperBound + 1 ..< slots.upperBound + 1 + Int(checks[slots.upperBound])
                i = required.upperBound
                let allowed = slots.contains { s in
                    let k = Int(checks[s])
                    context.searchLiterals(k)
                    let marks = context.marks
                    return LiteralRequirement.holds(UnsafeBufferPointer(rebasing: checks[required])) { marks.holds($0, in: k) }
                }
                if !allowed { return false }
            }
            return true
        }
    }
}

/// The literals (by `LiteralIndex` id) a regex cannot match without: for one of its top-level
/// alternatives, a literal of each of that alternative's sets (`RegexLiterals.Requirement`).
/// A class: evaluation passes one reference (one retain), not its four arrays.
final class LiteralRequirement: Sendable {
    /// Each top-level alternative's sets, its sharpest set first; none empty.
    let branches: [[[Int32]]]
    /// The same, flat, as `holds` reads it: per alternative its number of sets, then per set its
    /// size and its ids.
    let flat: [Int32]
    /// The regex's alternatives compiled one by one (`RegexLiterals.alternatives`), when it can be
    /// cut: only those whose literals a text holds are run, each with PCRE2's start-of-match
    /// optimizations (which one alternative without a known first character denies the whole).
    let alternatives: [LazyRegex]?
    /// Per alternative, the sets of literals of which it needs one each (`RegexLiterals.Requirement.alternatives`),
    /// laid out as `flat`; alternative b's part starts at `alternativeStarts[b]`.
    let alternativeSets: [[[Int32]]]?
    private let alternativeFlat: [Int32]
    private let alternativeStarts: [Int]

    /// `alternatives`: the patterns `RegexLiterals.alternatives` gives, each with its sets (the
    /// compiled-rules cache stores them: cutting a pattern again for every rule a `deliver` decodes
    /// cost more than the rest of its decoding).
    init(branches: [[[Int32]]], alternatives: [(pattern: String, sets: [[Int32]])]?) {
        self.branches = branches
        flat = Self.layout(branches).flat
        if let alternatives {
            self.alternatives = alternatives.map { LazyRegex($0.pattern) }
            alternativeSets = alternatives.map(\.sets)
            (alternativeFlat, alternativeStarts) = Self.layout(alternatives.map(\.sets))
        } else {
            (self.alternatives, alternativeSets, alternativeFlat, alternativeStarts) = (nil, nil, [], [])
        }
    }

    /// Per alternative its number of sets, then per set its size and its ids; and where each starts.
    private static func layout(_ branches: [[[Int32]]]) -> (flat: [Int32], starts: [Int]) {
        var flat: [Int32] = [], starts: [Int] = []
        for sets in branches {
            starts.append(flat.count)
            flat.append(Int32(sets.count))
            for set in sets { flat.append(Int32(set.count)); flat += set }
        }
        return (flat, starts)
    }

    /// Whether a text that holds the literals for which `found` is true may match.
    @inline(__always)
    func holds(_ found: (Int32) -> Bool) -> Bool {
        flat.withUnsafeBufferPointer { Self.holds($0, found) }
    }

    /// The same for a requirement laid out as `flat`: whether one of its alternatives has a literal
    /// of each of its sets.
    @inline(__always)
    static func holds(_ flat: UnsafeBufferPointer<Int32>, _ found: (Int32) -> Bool) -> Bool {
        var i = 0
        while i < flat.count {
            let sets = Int(flat[i])
            i += 1
            var all = true
            for _ in 0..<sets {
                let size = Int(flat[i])
                i += 1
                if all { all = (i..<(i + size)).contains { found(flat[$0]) } }
                i += size
            }
            if all { return true }
        }
        return false
    }

    /// Whether alternative `b` of `alternatives` may match such a text.
    @inline(__always)
    func branchHolds(_ b: Int, _ found: (Int32) -> Bool) -> Bool {
        alternativeFlat.withUnsafeBufferPointer { f in
            var i = alternativeStarts[b]
            let sets = Int(f[i])
            i += 1
            for _ in 0..<sets {
                let size = Int(f[i])
                i += 1
                var any = false
                for k in i..<(i + size) where found(f[k]) { any = true; break }
                if !any { return false }
                i += size
            }
            return true
        }
    }

    /// One literal of these is in every match: each alternative's sharpest set (the rule's gate).
    var gate: [Int32] { Array(Set(branches.flatMap { $0[0] })).sorted() }
}
