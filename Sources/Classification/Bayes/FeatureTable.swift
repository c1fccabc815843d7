/// Feature hashes (`BayesTokenizer.hash`) → row offsets, by open addressing: looking a
/// feature up hashes no string and compares one integer. Two names with one 64-bit hash
/// would share the first one's row; among a model's ~70,000 features that is about a
/// one-in-ten-billion chance.
struct FeatureTable: Sendable {
    private var keys: [UInt64]   // 0: empty slot (`hash` is never 0)
    private var values: [Int32]
    private let shift: UInt64

    init(minimumCapacity: Int) {
        var bits: UInt64 = 4
        while 1 << bits < 2 * minimumCapacity { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> shift) }

    func value(for key: UInt64) -> Int? {
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key { return Int(values[i]) }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Stores `value` for `key` unless the key is there already; whether it was stored.
    @discardableResult
    mutating func insert(_ key: UInt64, value: Int = 0) -> Bool {
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key { return false }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = Int32(value)
        return true
    }
}
