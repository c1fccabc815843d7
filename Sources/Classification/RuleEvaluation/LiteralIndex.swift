import TextMatching

/// Every regex's required literals, found in one pass over a field: per field slot, a byte trie of
/// the literals its regexes require (a header read by one rule is not searched for the thousands
/// of literals of the rules that read the body), walked from the positions where one of them may
/// start as far as the text follows it (literals that share a beginning, "pagad", "pagar",
/// "pagamos", are compared once for that beginning). Flat arrays that the compiled-rules cache
/// holds ready to use in place (loading builds nothing). Finds what `SubstringSet` finds.
struct LiteralIndex: Sendable {
    private let tries: [Trie]

    let count: Int

    /// `searched[k]`: the ids (indexes in `literals`) of the literals looked for in slot k's text.
    init(_ literals: [String], searched: [Set<Int32>]) {
        precondition(literals.count < 1 << 22, "more literals than a trie record can name")
        let bytes = literals.map { Array($0.utf8) }
        let order = bytes.indices.sorted { bytes[$0].lexicographicallyPrecedes(bytes[$1]) }
        tries = searched.map { ids in
            var wanted = [Bool](repeating: false, count: literals.count)
            for id in ids { wanted[Int(id)] = true }
            return Trie(order.filter { wanted[$0] }.map { (bytes[$0], Int32($0)) })
        }
        count = literals.count
    }

    func encode(into w: inout BinaryWriter) {
        w.u32(UInt32(count))
        w.u32(UInt32(tries.count))
        for t in tries { t.encode(into: &w) }
    }

    /// The index over the reader's bytes: array sizes checked here, each row, record and literal
    /// id when used.
    init?(decoding r: inout BinaryReader) {
        guard let count = r.u32().map(Int.init), let slots = r.u32().map(Int.init), slots <= 1 << 16 else { return nil }
        var tries: [Trie] = []
        for _ in 0..<slots {
            guard let t = Trie(decoding: &r) else { return nil }
            tries.append(t)
        }
        (self.count, self.tries) = (count, tries)
    }

    /// The ids of slot k's literals that occur in `text` (already lower-cased), in the order first
    /// found, each marked in `marks` (a literal already marked counts as found); nil when a row,
    /// record or id lies outside the arrays, or the slot outside the index (an index from a corrupt
    /// cache).
    func found(in text: UnsafeBufferPointer<UInt8>, slot k: Int, marks: LiteralMarks) -> [Int32]? {
        precondition(k >= 0 && k < marks.slots && count <= marks.literals)
        guard k < tries.count else { return nil }
        var ids: [Int32] = []
        ids.reserveCapacity(64)
        let sound = tries[k].find(in: text, count: count, bits: marks.bits, from: k * marks.words, seen: marks.seen, into: &ids)
        marks.setting(ids, in: k)
        return sound ? ids : nil
    }
}

extension LiteralIndex {
    /// One slot's literals. The literals of one or two bytes ("?", "de") occur in most texts, and at
    /// so many of a text's positions that walking from each would be most of the work: they are
    /// looked up in the bytes and byte pairs the text holds, marked as it is read. The others are in
    /// the trie, walked only from the positions whose first three bytes may begin one of them (by a
    /// small bitmap of their hashes), under half of a text's positions: which ones is worked out for 64
    /// positions at a time without a branch, because a branch per position, taken at random, cost
    /// more than the walks (a mispredicted branch is some 15 cycles). The first two bytes of a
    /// literal are table lookups that stay in the first-level cache, the rest a walk over records of
    /// the nodes two bytes or more below the root.
    /// A class: a search reads the slot's trie in place (copying a struct of six arrays out of
    /// `tries` retained and released each of them, for every field of every message).
    private final class Trie: Sendable {
        /// The literals of one or two bytes: per literal `length << 16 | first << 8 | second` (second
        /// 0 for one byte), then its id.
        let shorts: StoredArray<Int32>
        /// Bit `Trie.hash` of the first three bytes of each literal of three bytes or more:
        /// 2^`startBits` bits in words of 32. Small on purpose: every position of a text reads it,
        /// at random, and one of 65,536 bits (8 KB a field) was a fifth of the rule stage's
        /// second-level cache misses; at 4,096 bits more positions pass to a walk (3% more
        /// instructions in the search) and 28% fewer of its reads miss (callgrind, 512 KB cache).
        let starts: StoredArray<Int32>
        /// Per first byte b: where its row starts in `rows` (or -1: no literal of the trie begins
        /// with b). The trie's literals are three bytes or more: no literal ends one byte down.
        let lead: StoredArray<Int32>
        /// Per first byte that begins a literal of two bytes or more, the second bytes that go on
        /// from it: eight words of 32 bits, each after the index in `seconds` of its first second
        /// byte (16 entries, one cache line a row; a table of 256 nodes per row was 36 KB).
        let rows: StoredArray<Int32>
        /// The record of each node two bytes below the root, by (first, second) byte.
        let seconds: StoredArray<Int32>
        /// Each node two bytes or more below the root as a record, at the offset its parent's edge
        /// names: `(literal + 1) << 9 | number of edges` (literal: the one that ends at the node,
        /// or -1), then its edges, each `offset << 8 | key`, sorted by key. What one step reads lies
        /// together, most often in one cache line. The nodes two bytes below the root come first,
        /// then each one's subtree, depth-first: a literal's tail follows its beginning.
        let records: StoredArray<Int32>

        /// Breadth-first down to this depth, by subtree below it (`KeywordTrie`: the depth matters
        /// little, the records do).
        static let breadthFirstDepth = 2

        /// The size of `starts`, 2^startBits bits.
        static let startBits = 12

        /// Where the bit of a position whose bytes are `b0`, `b1`, `b2` lies in `starts`.
        @inline(__always)
        static func hash(_ b0: UInt32, _ b1: UInt32, _ b2: UInt32) -> Int {
            Int(((b0 | b1 << 8 | b2 << 16) &* 0x9E37_79B1) >> (32 - startBits))
        }

        /// A trie of `literals`, given in byte order.
        init(_ all: [(bytes: [UInt8], id: Int32)]) {
            let literals = all.filter { $0.bytes.count >= 3 }
            var shorts: [Int32] = []
            for (bytes, id) in all where (1...2).contains(bytes.count) {
                shorts += [Int32(bytes.count) << 16 | Int32(bytes[0]) << 8 | Int32(bytes.count == 2 ? bytes[1] : 0), id]
            }
            var starts = [Int32](repeating: 0, count: (1 << Self.startBits) / 32)
            for (bytes, _) in literals {
                let h = Self.hash(UInt32(bytes[0]), UInt32(bytes[1]), UInt32(bytes[2]))
                starts[h >> 5] |= Int32(bitPattern: 1 << UInt32(h & 31))
            }
            (self.shorts, self.starts) = (StoredArray(shorts), StoredArray(starts))
            // A literal's new nodes hang below the path it shares with the one before, and each
            // node's edges come in key order.
            var children: [[(key: UInt8, child: Int)]] = [[]]
            var ends: [Int32] = [-1]
            var path: [Int] = [0]  // the nodes of the previous literal, from the root
            var previous: [UInt8] = []
            for (bytes, id) in literals where !bytes.isEmpty {
                var shared = 0
                while shared < min(bytes.count, previous.count) && bytes[shared] == previous[shared] { shared += 1 }
                path.removeLast(path.count - 1 - shared)
                for b in bytes[shared...] {
                    children.append([]); ends.append(-1)
                    children[path[path.count - 1]].append((b, children.count - 1))
                    path.append(children.count - 1)
                }
                ends[path[path.count - 1]] = id
                previous = bytes
            }
            // The nodes two bytes or more below the root in record order: breadth-first (the first
            // level in (first, second) byte order, as `seconds`), then each subtree below
            // `breadthFirstDepth` depth-first.
            var order: [Int] = []
            var level = children[0].flatMap { children[$0.child].map(\.child) }
            for _ in 2...Self.breadthFirstDepth {
                order += level
                level = level.flatMap { children[$0].map(\.child) }
            }
            func subtree(_ node: Int) {
                order.append(node)
                for e in children[node] { subtree(e.child) }
            }
            for node in level { subtree(node) }
            var offset = [Int](repeating: -1, count: children.count)
            var size = 0
            for node in order { offset[node] = size; size += 1 + children[node].count }
            precondition(size < 1 << 23, "more literal trie records than an edge can name")
            var records: [Int32] = []
            records.reserveCapacity(size)
            for node in order {
                records.append((ends[node] + 1) << 9 | Int32(children[node].count))
                for e in children[node] { records.append(Int32(offset[e.child]) << 8 | Int32(e.key)) }
            }
            var lead = [Int32](repeating: -1, count: 256), rows: [Int32] = [], seconds: [Int32] = []
            for e in children[0] {
                let b0 = Int(e.key)
                guard !children[e.child].isEmpty else { continue }
                lead[b0] = Int32(rows.count)
                var words = [UInt32](repeating: 0, count: 8)
                for f in children[e.child] { words[Int(f.key >> 5)] |= 1 << UInt32(f.key & 31) }
                var index = seconds.count
                for word in words {
                    rows += [Int32(index), Int32(bitPattern: word)]
                    index += word.nonzeroBitCount
                }
                seconds += children[e.child].map { Int32(offset[$0.child]) }
            }
            (self.lead, self.rows) = (StoredArray(lead), StoredArray(rows))
            (self.seconds, self.records) = (StoredArray(seconds), StoredArray(records))
        }

        func encode(into w: inout BinaryWriter) {
            w.alignedI32s(shorts)
            w.alignedI32s(starts)
            w.alignedI32s(lead)
            w.alignedI32s(rows)
            w.alignedI32s(seconds)
            w.alignedI32s(records)
        }

        init?(decoding r: inout BinaryReader) {
            guard let shorts = r.alignedI32s(), let starts = r.alignedI32s(), let lead = r.alignedI32s(), let rows = r.alignedI32s(),
                  let seconds = r.alignedI32s(), let records = r.alignedI32s(), shorts.count % 2 == 0, starts.count == (1 << Self.startBits) / 32,
                  lead.count == 256, rows.count % 16 == 0 else { return nil }
            (self.shorts, self.starts) = (shorts, starts)
            (self.lead, self.rows, self.seconds, self.records) = (lead, rows, seconds, records)
        }

        /// Appends to `ids` the literals found in `text` whose bits (from word `from` of `bits`) were
        /// not set yet, and sets them; false when a row, record or id lies outside the arrays.
        /// `seen`: `LiteralMarks.seen`, clear, and left clear.
        func find(in text: UnsafeBufferPointer<UInt8>, count: Int, bits: UnsafeMutableBufferPointer<UInt64>, from: Int,
                  seen: UnsafeMutableBufferPointer<UInt64>, into ids: inout [Int32]) -> Bool {
            // The arrays as buffers: every index read from them is checked below, once.
            let (shorts, starts) = (shorts.buffer, starts.buffer)
            let (lead, rows, seconds, records) = (lead.buffer, rows.buffer, seconds.buffer, records.buffer)
            precondition(from >= 0 && from + (count + 63) / 64 <= bits.count && seen.count >= 1024 + 4 && starts.count == (1 << Self.startBits) / 32)
            let n = text.count
            let hasShorts = !shorts.isEmpty, hasLong = !seconds.isEmpty
            guard n > 0, hasShorts || hasLong else { return true }
            /// Records literal `id` (-1: none); false when it is out of range.
            func reached(_ id: Int) -> Bool {
                guard id >= 0 else { return true }
                guard id < count else { return false }
                let (w, bit) = (from &+ id >> 6, UInt64(1) << UInt64(id & 63))
                if bits[w] & bit == 0 { bits[w] |= bit; ids.append(Int32(id)) }
                return true
            }
            /// Walks the trie from position i.
            func walk(_ i: Int) -> Bool {
                let row = Int(lead[Int(text[i])])
                guard row >= 0, i + 1 < n else { return true }  // no literal goes on from this first byte
                guard row + 16 <= rows.count else { return false }
                let b1 = Int(text[i + 1])
                let word = UInt32(bitPattern: rows[row + 2 &* (b1 >> 5) &+ 1])
                let bit = UInt32(1) << UInt32(b1 & 31)
                guard word & bit != 0 else { return true }
                let second = Int(rows[row + 2 &* (b1 >> 5)]) + (word & (bit &- 1)).nonzeroBitCount
                guard second >= 0, second < seconds.count else { return false }
                var node = Int(seconds[second])
                var j = i + 2
                while node >= 0 {
                    guard node < records.count else { return false }
                    let head = Int(records[node])
                    guard reached((head >> 9) - 1) else { return false }
                    guard j < n else { break }
                    let byte = text[j]
                    j += 1
                    var e = node + 1
                    let end = e + (head & 511)
                    guard end <= records.count else { return false }
                    while e < end && UInt8(truncatingIfNeeded: records[e]) < byte { e += 1 }
                    node = e < end && UInt8(truncatingIfNeeded: records[e]) == byte ? Int(records[e] >> 8) : -1
                }
                return true
            }
            /// Marks a byte as seen.
            @inline(__always)
            func see(_ b0: UInt32) { seen[1024 &+ Int(b0 >> 6)] |= 1 << UInt64(b0 & 63) }
            /// Marks a byte, and the pair from it, as seen.
            @inline(__always)
            func see(_ b0: UInt32, _ b1: UInt32) {
                see(b0)
                let pair = Int(b0 << 8 | b1)
                seen[pair >> 6] |= 1 << UInt64(pair & 63)
            }
            var sound = true
            var i = 0
            scan: while i < n {
                let end = min(i &+ 64, n)
                var candidates: UInt64 = 0
                var j = i
                while j < min(end, n &- 2) {  // three bytes from j: a literal of the trie may start
                    let (b0, b1, b2) = (UInt32(text[j]), UInt32(text[j &+ 1]), UInt32(text[j &+ 2]))
                    if hasShorts { see(b0, b1) }
                    let h = Self.hash(b0, b1, b2)
                    candidates |= UInt64(UInt32(bitPattern: starts[h >> 5]) >> UInt32(h & 31) & 1) << UInt64(j &- i)
                    j &+= 1
                }
                while j < end {  // the last two bytes: no literal of the trie fits
                    if hasShorts {
                        if j &+ 1 < n { see(UInt32(text[j]), UInt32(text[j &+ 1])) } else { see(UInt32(text[j])) }
                    }
                    j &+= 1
                }
                while candidates != 0 {
                    guard walk(i &+ candidates.trailingZeroBitCount) else { sound = false; break scan }
                    candidates &= candidates &- 1
                }
                i = end
            }
            guard hasShorts else { return sound }
            var k = 0
            while k &+ 1 < shorts.count {
                let key = Int(shorts[k])
                let present = key >> 16 == 1 ? seen[1024 &+ (key >> 14 & 3)] >> UInt64(key >> 8 & 63) & 1
                    : seen[(key & 0xFFFF) >> 6] >> UInt64(key & 63) & 1
                if present != 0 { sound = reached(Int(shorts[k &+ 1])) && sound }
                k &+= 2
            }
            // The words set, cleared (a pair's word is the same for any second byte), also after a
            // search cut short by a corrupt record: as far as it went, and the text's bytes set no others.
            for j in 0..<n {
                seen[1024 &+ Int(text[j] >> 6)] = 0
                seen[Int(text[j]) << 2 | (j &+ 1 < n ? Int(text[j &+ 1]) >> 6 : 0)] = 0
            }
            return sound
        }
    }
}
