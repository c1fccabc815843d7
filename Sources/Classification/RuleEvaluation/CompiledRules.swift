import Foundation
import RuleLanguage
import TextMatching

/// An engine's compiled rules, by evaluation index. Compiled from the rule files: all of them,
/// built. From the cache: each decoded from the cache's bytes the first time a message's gates
/// (or the ungated list) reach it, and kept for the life of the process; `deliver` decodes the
/// few dozen one message needs, not the thousand there are.
///
/// A rule that does not decode means the cache is corrupt: the engine is then replaced, for good,
/// by one compiled from the rules (`replacement()`); no rule is ever skipped.
final class CompiledRules: @unchecked Sendable {
    let count: Int
    private let built: [RuleEngine.CompiledRule]?
    private let lock = NSLock()
    private var decoded: [RuleEngine.CompiledRule?]
    /// `built` and `decoded` unretained (they keep the rules alive).
    private let builtRefs: [Unmanaged<RuleEngine.CompiledRule>]
    private var decodedRefs: [Unmanaged<RuleEngine.CompiledRule>?]
    private let bytes: ByteStore?
    private let section: Int
    private let offsets: StoredArray<Int32>
    private let limits: (slots: Int, literals: Int)
    private let recompile: (@Sendable () -> RuleEngine)?
    private var replaced: RuleEngine?

    init(_ rules: [RuleEngine.CompiledRule]) {
        (count, built, decoded) = (rules.count, rules, [])
        (builtRefs, decodedRefs) = (rules.map { Unmanaged.passUnretained($0) }, [])
        (bytes, section, offsets, limits, recompile) = (nil, 0, StoredArray(), (0, 0), nil)
    }

    /// Rule k's bytes are `section + offsets[k] ..< section + offsets[k + 1]` in `bytes` (the caller
    /// checked that the last offset is within the bytes; each rule's pair is checked when decoded).
    init(bytes: ByteStore, section: Int, offsets: StoredArray<Int32>, limits: (slots: Int, literals: Int),
         recompile: @escaping @Sendable () -> RuleEngine) {
        (count, built, decoded) = (offsets.count - 1, nil, Array(repeating: nil, count: offsets.count - 1))
        (builtRefs, decodedRefs) = ([], Array(repeating: nil, count: offsets.count - 1))
        (self.bytes, self.section, self.offsets, self.limits, self.recompile) = (bytes, section, offsets, limits, recompile)
    }

    /// The rules whose `wanted` flag is set, with their indexes, in order; nil when one of them
    /// does not decode (use `replacement()`).
    func rules(where wanted: [Bool]) -> [(index: Int, rule: RuleEngine.CompiledRule)]? {
        rules(at: wanted.indices.filter { wanted[$0] })
    }

    /// The rules at `indexes` (ascending), with their indexes; nil when one of them does not decode
    /// (use `replacement()`).
    func rules(at indexes: [Int]) -> [(index: Int, rule: RuleEngine.CompiledRule)]? {
        unretainedRules(at: indexes).map { refs in zip(indexes, refs).map { ($0, $1.takeUnretainedValue()) } }
    }

    /// The same without a retain of each rule, for evaluation (a few dozen rules a message, each
    /// retain and release an atomic write to a line the other thread reads): the references are
    /// valid as long as this object, which holds every rule it has built or decoded for its life.
    func unretainedRules(at indexes: [Int]) -> [Unmanaged<RuleEngine.CompiledRule>]? {
        var out: [Unmanaged<RuleEngine.CompiledRule>] = []
        out.reserveCapacity(indexes.count)
        if built != nil {
            for i in indexes { out.append(builtRefs[i]) }
            return out
        }
        lock.lock()
        defer { lock.unlock() }
        for i in indexes {
            if let rule = decodedRefs[i] { out.append(rule); continue }
            let (from, to) = (Int(offsets[i]), Int(offsets[i + 1]))
            guard let bytes, from >= 0, from <= to, to <= Int(offsets[count]) else { return nil }
            var r = BinaryReader(bytes, from: section + from, to: section + to)
            guard let rule = RuleEngine.CompiledRule(decoding: &r, slots: limits.slots, literals: limits.literals, rules: count),
                  r.atEnd else { return nil }
            decoded[i] = rule
            decodedRefs[i] = Unmanaged.passUnretained(rule)
            out.append(Unmanaged.passUnretained(rule))
        }
        return out
    }

    /// The engine to use instead of a corrupt cache's, compiled once.
    func replacement() -> RuleEngine {
        lock.lock()
        defer { lock.unlock() }
        if let replaced { return replaced }
        guard let recompile else { preconditionFailure("an engine compiled from the rule files has every rule") }
        let engine = recompile()
        replaced = engine
        return engine
    }
}

/// The rules as written, for an engine that has them (compiled from files) or can decode them
/// on first use (loaded from the cache).
final class RuleSource: @unchecked Sendable {
    private let lock = NSLock()
    private var decoded: [Rule]??
    private let bytes: ByteStore?
    private let offset: Int
    private let count: Int

    init(_ rules: [Rule]) {
        decoded = .some(rules)
        bytes = nil
        offset = 0
        count = rules.count
    }

    init(bytes: ByteStore, from offset: Int, count: Int) {
        self.bytes = bytes
        self.offset = offset
        self.count = count
    }

    /// The rules; from a cache whose rule section is corrupt (the compiled part was sound), none.
    var rules: [Rule] { decodedRules ?? [] }

    /// The rules, nil when the cache's rule section is corrupt.
    var decodedRules: [Rule]? {
        lock.lock()
        defer { lock.unlock() }
        if let decoded { return decoded }
        var rules: [Rule]? = []
        if let bytes {
            var r = BinaryReader(bytes, from: offset)
            for _ in 0..<count {
                guard let rule = Rule(decoding: &r) else { rules = nil; break }
                rules?.append(rule)
            }
        }
        decoded = .some(rules)
        return rules
    }
}
