import MailModel

/// Many phrases found in one pass over the text, the way customers type them:
/// any case, accents optional ("numero" finds "Número"), "ü" also typed "ue",
/// dots ignored ("p.iva", "piva"), any run of spaces or "_" between words, and
/// never inside a longer word. Leftmost-longest, non-overlapping matches.
///
/// A byte trie over folded text: no regex backtracking, no allocation per word.
public final class KeywordTrie: Sendable {
    public struct Match: Sendable, Equatable {
        /// UTF-8 byte range in the text.
        public var range: Range<Int>
        /// The payload given with the phrase.
        public var payload: Int
    }

    /// Built: the nodes flattened into one array of records, cheap to search and to read from a
    /// cache (a trie read from a cache uses it in place in the cache's bytes). The node at offset k
    /// is `(payload + 1) << 9 | number of edges` at `records[k]` (payload -1: none), then its
    /// edges, each `child << 8 | key` (`child` the child's offset). What a step reads of a node, its
    /// payload and its edges, lies together, most often in one cache line; a node in the middle of
    /// a phrase takes two words. The root is at offset 0,
    /// the nodes near it next, breadth-first, deeper ones by subtree: a phrase's tail follows its
    /// beginning.
    private let records: StoredArray<Int32>
    /// Children of the root by first byte, for the hot first step.
    private let rootTable: [Int32]
    /// Per ASCII byte: 1 when it is a letter or digit, plus 2 when a phrase may begin with it (what
    /// `forEachCandidateStart` asks of every byte, in one load).
    private let asciiClasses: [UInt8]
    private let resolved: StoredArray<Int32>
    /// For each phrase given to `init`, the payload a match of it reports: its own, or
    /// the first one given for a phrase that folds to the same text ("Número", "numero").
    public var resolvedPayloads: [Int] { resolved.map(Int.init) }

    public init(_ phrases: [(phrase: String, payload: Int)]) {
        // While building: each node's edges as a list threaded through flat arrays (no array per
        // node: the tries are built at every start of `deliver`), in the order they were added.
        var firstEdge: [Int32] = [-1], lastEdge: [Int32] = [-1], payloads: [Int32] = [-1]
        var nextEdge: [Int32] = [], edgeKey: [UInt8] = [], edgeChild: [Int32] = []
        var resolved: [Int32] = []
        resolved.reserveCapacity(phrases.count)
        var units: [UInt8] = []
        for (phrase, payload) in phrases {
            var first: Int32? = nil
            for variant in Self.variants(of: phrase) {
                units.removeAll(keepingCapacity: true)
                var copy = variant
                copy.withUTF8 { bytes in
                    var i = 0
                    while i < bytes.count { i = Folding.next(bytes, i, into: &units) }
                }
                while units.last == 0x20 { units.removeLast() }
                while units.first == 0x20 { units.removeFirst() }
                guard !units.isEmpty else { continue }
                var node = 0
                for u in units {
                    var e = Int(firstEdge[node])
                    while e >= 0 && edgeKey[e] != u { e = Int(nextEdge[e]) }
                    if e >= 0 { node = Int(edgeChild[e]); continue }
                    let child = Int32(payloads.count)
                    firstEdge.append(-1); lastEdge.append(-1); payloads.append(-1)
                    let new = Int32(edgeKey.count)
                    edgeKey.append(u); edgeChild.append(child); nextEdge.append(-1)
                    if lastEdge[node] >= 0 { nextEdge[Int(lastEdge[node])] = new } else { firstEdge[node] = new }
                    lastEdge[node] = new
                    node = Int(child)
                }
                precondition(payload < 1 << 22 - 1, "a payload larger than a trie record can hold")
                if payloads[node] < 0 { payloads[node] = Int32(payload) }
                if first == nil { first = payloads[node] }
            }
            resolved.append(first ?? Int32(payload))
        }
        self.resolved = StoredArray(resolved)
        // Flattened into records, each node's edges in the order they were added. Record order:
        // breadth-first down to `breadthFirstDepth`, then below each node of that depth depth-first
        // (a stack of edges: a child, then its subtree, then the siblings after it).
        var order = [0]
        var level = 0..<1
        for _ in 0..<Self.breadthFirstDepth {
            for k in level {
                var e = Int(firstEdge[order[k]])
                while e >= 0 { order.append(Int(edgeChild[e])); e = Int(nextEdge[e]) }
            }
            level = level.upperBound..<order.count
        }
        var stack: [Int32] = []
        for k in level {
            stack.append(firstEdge[order[k]])
            while let e = stack.popLast() {
                guard e >= 0 else { continue }
                stack.append(nextEdge[Int(e)])
                order.append(Int(edgeChild[Int(e)]))
                stack.append(firstEdge[Int(edgeChild[Int(e)])])
            }
        }
        var offset = [Int32](repeating: -1, count: payloads.count)
        var size = 0
        for node in order {
            offset[node] = Int32(size)
            var e = Int(firstEdge[node])
            size += 1
            while e >= 0 { size += 1; e = Int(nextEdge[e]) }
        }
        precondition(size < 1 << 23, "more trie records than an edge can name")
        var records: [Int32] = []
        records.reserveCapacity(size)
        for node in order {
            let head = records.count
            records.append(0)
            var e = Int(firstEdge[node])
            while e >= 0 { records.append(offset[Int(edgeChild[e])] << 8 | Int32(edgeKey[e])); e = Int(nextEdge[e]) }
            records[head] = (max(payloads[node], -1) + 1) << 9 | Int32(records.count - head - 1)
        }
        self.records = StoredArray(records)
        rootTable = Self.rootTable(self.records)!
        asciiClasses = Self.asciiClasses(rootTable)
    }

    /// Breadth-first down to this depth, by subtree below it. (Measured with callgrind on the
    /// shipped rules: any depth from 0 to 5 misses the first-level cache within 10% of the others;
    /// what counts is that a step reads one record.)
    private static let breadthFirstDepth = 2

    private static func asciiClasses(_ rootTable: [Int32]) -> [UInt8] {
        (0..<128).map { b in
            let b = UInt8(b)
            let word: UInt8 = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) ? 1 : 0
            return word | (rootTable[Int(Folding.asciiUnit(b))] >= 0 ? 2 : 0)
        }
    }

    /// The root's child by first byte (or -1); nil when the root's edges or a child lie outside the
    /// records (a corrupt cache).
    private static func rootTable(_ records: StoredArray<Int32>) -> [Int32]? {
        guard records.count >= 1, 1 + Int(records[0] & 511) <= records.count else { return nil }
        var table = [Int32](repeating: -1, count: 256)
        for k in 1..<(1 + Int(records[0] & 511)) {
            let child = records[k] >> 8
            guard child > 0, Int(child) < records.count else { return nil }
            table[Int(UInt8(truncatingIfNeeded: records[k]))] = child
        }
        return table
    }

    /// The trie in a cache file: its records and the resolved payloads, laid out to be used in
    /// place when read back.
    public func encode(into w: inout BinaryWriter) {
        w.alignedI32s(records)
        w.alignedI32s(resolved)
    }

    /// The trie over the reader's bytes, nothing copied and nothing walked: the array sizes and the
    /// root's edges are checked here, each other edge and child when a search first steps on it
    /// (`checkedAllMatches`).
    public init?(decoding r: inout BinaryReader) {
        guard let records = r.alignedI32s(), let resolved = r.alignedI32s(), let root = Self.rootTable(records) else { return nil }
        (self.records, self.resolved, rootTable) = (records, resolved, root)
        asciiClasses = Self.asciiClasses(root)
    }

    /// "grüße" is also typed "gruesse": both spellings go in.
    private static func variants(of phrase: String) -> [String] {
        // Only phrases with a German umlaut (any case) need a second spelling.
        guard phrase.utf8.contains(0xC3), phrase.unicodeScalars.contains(where: { "äöüÄÖÜ".unicodeScalars.contains($0) }) else {
            return [phrase]
        }
        let typed = phrase.lowercased().replacingOccurrences(["ä": "ae", "ö": "oe", "ü": "ue"])
        return [phrase, typed]
    }

    public func matches(in text: String) -> [Match] {
        var copy = text
        return copy.withUTF8 { matches(in: $0) }
    }

    public func matches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        var result: [Match] = []
        forEachCandidateStart(bytes) { i in
            guard let m = longestMatch(bytes, from: i) else { return nil }
            result.append(m)
            return m.range.upperBound
        }
        return result
    }

    /// Every phrase found, overlapping ones included: at each word start, every phrase
    /// that ends on a word boundary along the way ("remboursement" and "où en est le
    /// remboursement" both match the latter). What rule conditions need: one rule's
    /// phrase must never hide another's.
    public func allMatches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        checkedAllMatches(in: bytes) ?? []
    }

    /// The same, nil when the search stepped on an edge or child out of the trie's arrays: a trie
    /// read from a corrupt cache (one built by `init` never is).
    public func checkedAllMatches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match]? {
        var result: [Match] = []
        var sound = true
        var units: [UInt8] = []
        forEachCandidateStart(bytes) { i in
            sound = walk(bytes, from: i, units: &units) { result.append($0) } && sound
            return nil
        }
        return sound ? result : nil
    }

    /// Calls `body` at each word start (or symbol) where some phrase may begin. `body` returns
    /// where to continue after a match it consumed, or nil to go on from the next character.
    private func forEachCandidateStart(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Int?) {
        var i = 0
        let n = bytes.count
        var previousIsWord = false
        asciiClasses.withUnsafeBufferPointer { classes in
            while i < n {
                let b = bytes[i]
                let isWord: Bool
                let width: Int
                let mayStart: Bool
                if b < 0x80 {
                    let c = classes[Int(b)]
                    (isWord, width, mayStart) = (c & 1 != 0, 1, c & 2 != 0)
                } else {
                    (isWord, width) = Folding.isWordScalar(bytes, at: i)
                    mayStart = true
                }
                if !previousIsWord, mayStart, let next = body(i) {
                    i = next
                    previousIsWord = false
                    continue
                }
                previousIsWord = isWord
                i += width
            }
        }
    }

    /// The longest phrase starting exactly at byte `start` (the caller checks the word start).
    public func match(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Match? {
        guard start < bytes.count else { return nil }
        return longestMatch(bytes, from: start)
    }

    private func longestMatch(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Match? {
        var best: Match? = nil
        var units: [UInt8] = []
        _ = walk(bytes, from: start, units: &units) { best = $0 }
        return best
    }

    /// Follows the trie from `start`, reporting each phrase that ends on a word boundary, shortest first.
    /// False when it stepped out of the trie's arrays (a corrupt cache). `units` is scratch space
    /// for the folded units of a non-ASCII character (kept from walk to walk).
    @discardableResult
    private func walk(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, units: inout [UInt8], _ found: (Match) -> Void) -> Bool {
        var node = 0
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var next: Int
            if b < 0x80 {
                // ASCII: one unit (a run of spaces folds to one space, a dot to none), no buffer:
                // what `Folding.next` gives.
                let unit = Folding.asciiUnit(b)
                next = i + 1
                if unit == 0x20 {
                    while next < n, bytes[next] < 0x80, Folding.asciiUnit(bytes[next]) == 0x20 { next += 1 }
                }
                if unit != 0x2E {
                    let child = self.child(of: node, unit)
                    guard child >= 0 else { return child == Self.none }
                    node = child
                }
            } else {
                units.removeAll(keepingCapacity: true)
                next = Folding.next(bytes, i, into: &units)
                for u in units {
                    let child = self.child(of: node, u)
                    guard child >= 0 else { return child == Self.none }
                    node = child
                }
            }
            i = next
            let payload = (records[node] >> 9) - 1
            if payload >= 0, Folding.endsWord(bytes, at: i) {
                found(Match(range: start..<i, payload: Int(payload)))
            }
        }
        return true
    }

    /// `child(of:_:)` results that are no node: no such edge, or an edge out of the arrays.
    private static let none = -1, outside = -2

    /// The node reached from `node` (a valid one) by `unit`, checked: its edges lie within the
    /// records and the child is a record.
    @inline(__always)
    private func child(of node: Int, _ unit: UInt8) -> Int {
        if node == 0 {
            let c = rootTable[Int(unit)]
            return c >= 0 ? Int(c) : Self.none
        }
        var k = node + 1
        let end = k + Int(records[node] & 511)
        guard k <= end, end <= records.count else { return Self.outside }
        while k < end {
            let edge = records[k]
            if UInt8(truncatingIfNeeded: edge) == unit {
                let c = Int(edge >> 8)
                return c > 0 && c < records.count ? c : Self.outside
            }
            k += 1
        }
        return Self.none
    }
}

/// The folding shared by phrases and text, one unit sequence per character.
enum Folding {
    /// ASCII letters lower-cased; whitespace and "_" become one space.
    @inline(__always)
    static func asciiUnit(_ b: UInt8) -> UInt8 {
        if b >= 0x41 && b <= 0x5A { return b | 0x20 }
        if b == 0x09 || b == 0x0A || b == 0x0D || b == 0x5F { return 0x20 }
        return b
    }

    /// Appends the folded units of the character at `i` and returns the index after it.
    /// Runs of spaces fold to one space; dots fold to nothing; ’ folds to '.
    static func next(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into units: inout [UInt8]) -> Int {
        let b = s[i]
        if b < 0x80 {
            let u = asciiUnit(b)
            if u == 0x20 {
                var j = i + 1
                while j < s.count, asciiUnit(s[j]) == 0x20 && s[j] < 0x80 { j += 1 }
                units.append(0x20)
                return j
            }
            if u != 0x2E { units.append(u) }
            return i + 1
        }
        var v = UInt32(b), len = 1
        if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 }
        var k = 1
        while k < len, i + k < s.count { v = v << 6 | UInt32(s[i + k] & 0x3F); k += 1 }
        if v == 0xA0 || v == 0x202F {
            units.append(0x20)
        } else if v == 0x2019 || v == 0x2018 || v == 0x02BC {
            units.append(0x27)  // typographic apostrophes fold to "'": "l’addebito" = "l'addebito"
        } else if let folded = TextFolding.latinASCII(v) {
            units.append(contentsOf: folded.utf8)
        } else if !(0x300...0x36F).contains(v) {
            units.append(contentsOf: s[i..<min(i + len, s.count)])
        }
        return min(i + len, s.count)
    }

    /// Whether the character at `i` (a non-ASCII lead byte) is a letter or digit, and its width.
    static func isWordScalar(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (Bool, Int) {
        let b = s[i]
        var v = UInt32(b), len = 1
        if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 } else { return (false, 1) }
        var k = 1
        while k < len, i + k < s.count { v = v << 6 | UInt32(s[i + k] & 0x3F); k += 1 }
        if v >= 0xC0 && v <= 0x24F { return (v != 0xD7 && v != 0xF7, len) }  // Latin letters, fast
        guard let scalar = Unicode.Scalar(v) else { return (false, len) }
        return (scalar.properties.isAlphabetic || scalar.properties.numericType != nil, len)
    }

    /// The match may end here: the next character is not a letter (digits may follow: "n°5521").
    static func endsWord(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i < s.count else { return true }
        let b = s[i]
        if b < 0x80 { return !((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) }
        var v = UInt32(b), len = 1
        if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 }
        var k = 1
        while k < len, i + k < s.count { v = v << 6 | UInt32(s[i + k] & 0x3F); k += 1 }
        guard let scalar = Unicode.Scalar(v) else { return true }
        return !scalar.properties.isAlphabetic
    }
}

private extension String {
    func replacingOccurrences(_ map: [Character: String]) -> String {
        var out = ""
        for c in self { out += map[c] ?? String(c) }
        return out
    }
}
