import TextMatching

/// Every regex's required literals, found in one pass over a field: each literal of three bytes or
/// more is listed under the hash of its first three bytes, in flat arrays that the compiled-rules
/// cache holds ready to use in place (loading builds nothing). Finds what `SubstringSet` finds.
struct LiteralIndex: Sendable {
    /// Literal k is `text[start[k] ..< start[k + 1]]`.
    private let text: StoredArray<UInt8>
    private let start: StoredArray<Int32>
    /// Bucket b lists `candidates[bucketStart[b] ..< bucketStart[b + 1]]`; a power of two buckets.
    private let bucketStart: StoredArray<Int32>
    private let candidates: StoredArray<Int32>

    var count: Int { start.count - 1 }

    init(_ literals: [String]) {
        var text: [UInt8] = [], start: [Int32] = [0]
        for l in literals { text += l.utf8; start.append(Int32(text.count)) }
        var buckets = 64
        while buckets < 2 * literals.count { buckets *= 2 }
        var lists = [[Int32]](repeating: [], count: buckets)
        for (k, l) in literals.enumerated() {
            let p = Array(l.utf8)
            guard p.count >= 3 else { continue }
            lists[Self.bucket(UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2]), buckets)].append(Int32(k))
        }
        var bucketStart: [Int32] = [0], candidates: [Int32] = []
        for list in lists { candidates += list; bucketStart.append(Int32(candidates.count)) }
        (self.text, self.start) = (StoredArray(text), StoredArray(start))
        (self.bucketStart, self.candidates) = (StoredArray(bucketStart), StoredArray(candidates))
    }

    @inline(__always)
    private static func bucket(_ trigram: UInt32, _ buckets: Int) -> Int {
        Int((trigram &* 2_654_435_761) >> 8) & (buckets - 1)
    }

    /// The literals as written.
    var texts: [String] {
        (0..<count).map { k in String(decoding: text.buffer[Int(start[k])..<Int(start[k + 1])], as: UTF8.self) }
    }

    func encode(into w: inout BinaryWriter) {
        w.byteArray(Array(text))
        w.alignedI32s(start)
        w.alignedI32s(bucketStart)
        w.alignedI32s(candidates)
    }

    /// The index over the reader's bytes: array sizes checked here, each range and id when used.
    init?(decoding r: inout BinaryReader) {
        guard let text = r.storedBytes(), let start = r.alignedI32s(), let bucketStart = r.alignedI32s(),
              let candidates = r.alignedI32s(), start.count >= 1, start[0] == 0, Int(start[start.count - 1]) == text.count,
              bucketStart.count >= 2, (bucketStart.count - 1) & (bucketStart.count - 2) == 0, bucketStart[0] == 0,
              Int(bucketStart[bucketStart.count - 1]) == candidates.count else { return nil }
        (self.text, self.start, self.bucketStart, self.candidates) = (text, start, bucketStart, candidates)
    }

    /// flags[k] is true when literal k occurs in `text` (already lower-cased), and k is in `ids` (in
    /// the order first found); nil when a range or id lies outside the arrays (an index from a
    /// corrupt cache).
    func found(in text: UnsafeBufferPointer<UInt8>) -> (flags: [Bool], ids: [Int32])? {
        var found = [Bool](repeating: false, count: count)
        var ids: [Int32] = []
        guard text.count >= 3 else { return (found, ids) }
        // The arrays as buffers: every index read from them is checked below, once.
        let (literals, start, bucketStart, candidates) = (self.text.buffer, self.start.buffer, bucketStart.buffer, candidates.buffer)
        let buckets = bucketStart.count - 1
        let sound = found.withUnsafeMutableBufferPointer { found -> Bool in
            var key = UInt32(text[0]) << 8 | UInt32(text[1])
            for i in 2..<text.count {
                key = (key << 8 | UInt32(text[i])) & 0xFFFFFF
                let b = Self.bucket(key, buckets)
                var c = Int(bucketStart[b])
                let end = Int(bucketStart[b + 1])
                if c == end { continue }
                guard c >= 0, c <= end, end <= candidates.count else { return false }
                let at = i - 2
                while c < end {
                    let id = Int(candidates[c])
                    c += 1
                    guard id >= 0, id < found.count else { return false }
                    if found[id] { continue }
                    let (from, to) = (Int(start[id]), Int(start[id + 1]))
                    guard from >= 0, from <= to, to <= literals.count else { return false }
                    let n = to - from
                    guard at + n <= text.count else { continue }
                    var k = 0
                    while k < n && text[at + k] == literals[from + k] { k += 1 }
                    if k == n { found[id] = true; ids.append(Int32(id)) }
                }
            }
            return true
        }
        return sound ? (found, ids) : nil
    }
}
