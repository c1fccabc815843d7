import CPrefetch

/// Feature hashes (`BayesTokenizer.hash`) → row offsets, by open addressing: looking a
/// feature up hashes no string and compares one integer, and the key and its value share
/// a cache line. Two names with one 64-bit hash would share the first one's row; among a
/// model's ~70,000 features that is about a one-in-ten-billion chance.
struct FeatureTable: Sendable {
    private struct Slot {
        var key: UInt64 = 0   // 0: empty (`hash` is never 0)
        var value: Int32 = 0
    }
    private var slots: [Slot]
    private var shift: UInt64
    private var count = 0

    /// Room for `minimumCapacity` keys at most half full; it doubles when a key beyond that comes.
    init(minimumCapacity: Int) {
        var bits: UInt64 = 4
        while 1 << bits < 2 * minimumCapacity { bits += 1 }
        slots = [Slot](repeating: Slot(), count: 1 << bits)
        shift = 64 - bits
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> shift) }

    func value(for key: UInt64) -> Int? {
        let mask = slots.count - 1
        var i = slot(key)
        while slots[i].key != 0 {
            if slots[i].key == key { return Int(slots[i].value) }
            i = (i + 1) & mask
        }
        return nil
    }

    /// The values of those of `keys` that are in the table, in order. The table is larger than the
    /// caches: every key's slot is asked for before the first is read, so that the reads overlap
    /// instead of waiting one after the other.
    func values(for keys: [UInt64], into values: inout [Int]) {
        slots.withUnsafeBufferPointer { slots in
            for key in keys { billtriage_prefetch(slots.baseAddress! + slot(key)) }
        }
        for key in keys { if let v = value(for: key) { values.append(v) } }
    }

    /// Stores `value` for `key` unless the key is there already; whether it was stored.
    @discardableResult
    mutating func insert(_ key: UInt64, value: Int = 0) -> Bool {
        let mask = slots.count - 1
        var i = slot(key)
        while slots[i].key != 0 {
            if slots[i].key == key { return false }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: Int32(value))
        count += 1
        if 2 * count > slots.count {
            var larger = FeatureTable(minimumCapacity: slots.count)
            for s in slots where s.key != 0 { larger.insert(s.key, value: Int(s.value)) }
            self = larger
        }
        return true
    }
}
