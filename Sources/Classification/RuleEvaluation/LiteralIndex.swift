import TextMatching

/// Every regex's required literals, found in one pass over a field: a byte trie of the literals,
/// walked from each position of the text as far as the text follows it (literals that share a
/// beginning, "pagad", "pagar", "pagamos", are compared once for that beginning). Flat arrays that
/// the compiled-rules cache holds ready to use in place (loading builds nothing). Finds what
/// `SubstringSet` finds.
struct LiteralIndex: Sendable {
    /// Node k's first edge at `nodes[2k]` and the literal that ends at it (or -1) at `nodes[2k + 1]`:
    /// its edges are `nodes[2k] ..< nodes[2k + 2]` (a last entry ends the last node's). What one step
    /// reads of a node lies side by side, in one cache line. Node 0 is the root.
    private let nodes: StoredArray<Int32>
    /// Each edge as `child << 8 | key`, each node's sorted by key: the scan for a byte reads one array.
    private let edges: StoredArray<Int32>
    /// The root's child for each first byte, or -1: the hot first step.
    private let root: StoredArray<Int32>
    /// The second step, where nodes have the most edges: the node two bytes below the root is
    /// `pairs[row[b0] + b1]` (or -1), a row of 256 per first byte that begins a literal of two bytes
    /// or more (a table for every pair of bytes was 256 KB, most of it never read and all of it
    /// spread over the cache).
    private let row: StoredArray<Int32>
    private let pairs: StoredArray<Int32>

    let count: Int

    init(_ literals: [String]) {
        // Built from the literals in byte order: a literal's new nodes hang below the path it shares
        // with the one before, and each node's edges come in key order.
        var children: [[(key: UInt8, child: Int32)]] = [[]]
        var ends: [Int32] = [-1]
        var path: [Int] = [0]  // the nodes of the previous literal, from the root
        var previous: [UInt8] = []
        for k in literals.indices.sorted(by: { literals[$0].utf8.lexicographicallyPrecedes(literals[$1].utf8) }) {
            let bytes = Array(literals[k].utf8)
            var shared = 0
            while shared < min(bytes.count, previous.count) && bytes[shared] == previous[shared] { shared += 1 }
            path.removeLast(path.count - 1 - shared)
            for b in bytes[shared...] {
                children.append([]); ends.append(-1)
                children[path[path.count - 1]].append((b, Int32(children.count - 1)))
                path.append(children.count - 1)
            }
            ends[path[path.count - 1]] = Int32(k)
            previous = bytes
        }
        precondition(children.count < 1 << 23, "more literal trie nodes than an edge can name")
        var nodes: [Int32] = [], edges: [Int32] = []
        for (list, end) in zip(children, ends) {
            nodes.append(Int32(edges.count)); nodes.append(end)
            for e in list { edges.append(e.child << 8 | Int32(e.key)) }
        }
        nodes.append(Int32(edges.count))
        var root = [Int32](repeating: -1, count: 256), row = [Int32](repeating: -1, count: 256), pairs: [Int32] = []
        for e in children[0] {
            root[Int(e.key)] = e.child
            guard !children[Int(e.child)].isEmpty else { continue }
            row[Int(e.key)] = Int32(pairs.count)
            pairs += [Int32](repeating: -1, count: 256)
            for f in children[Int(e.child)] { pairs[Int(row[Int(e.key)]) + Int(f.key)] = f.child }
        }
        (self.nodes, self.edges, self.root) = (StoredArray(nodes), StoredArray(edges), StoredArray(root))
        (self.row, self.pairs, self.count) = (StoredArray(row), StoredArray(pairs), literals.count)
    }

    func encode(into w: inout BinaryWriter) {
        w.u32(UInt32(count))
        w.alignedI32s(nodes)
        w.alignedI32s(edges)
        w.alignedI32s(root)
        w.alignedI32s(row)
        w.alignedI32s(pairs)
    }

    /// The index over the reader's bytes: array sizes checked here, each node, edge, row and literal
    /// id when used.
    init?(decoding r: inout BinaryReader) {
        guard let count = r.u32().map(Int.init), let nodes = r.alignedI32s(), let edges = r.alignedI32s(),
              let root = r.alignedI32s(), let row = r.alignedI32s(), let pairs = r.alignedI32s(),
              root.count == 256, row.count == 256, pairs.count % 256 == 0, nodes.count % 2 == 1, nodes.count >= 3,
              nodes[0] == 0, Int(nodes[nodes.count - 1]) == edges.count else { return nil }
        (self.count, self.nodes, self.edges, self.root, self.row, self.pairs) = (count, nodes, edges, root, row, pairs)
    }

    /// The ids of the literals that occur in `text` (already lower-cased), in the order first found,
    /// literal l's entry `stamps[from + l]` set to `mark` (an entry already at `mark` counts as
    /// found); nil when a node, edge, row or id lies outside the arrays (an index from a corrupt cache).
    func found(in text: UnsafeBufferPointer<UInt8>, stamps: UnsafeMutableBufferPointer<UInt16>, from: Int, mark: UInt16) -> [Int32]? {
        precondition(from >= 0 && from + count <= stamps.count)
        var ids: [Int32] = []
        ids.reserveCapacity(64)
        // The arrays as buffers: every index read from them is checked below, once.
        let (nodes, edges, root, row, pairs) = (nodes.buffer, edges.buffer, root.buffer, row.buffer, pairs.buffer)
        /// Records the literal ending at `node`; false when the node or its literal is out of range.
        func reached(_ node: Int) -> Bool {
            guard 2 &* node &+ 2 < nodes.count else { return false }
            let id = Int(nodes[2 &* node &+ 1])
            if id >= 0 {
                guard id < count else { return false }
                if stamps[from + id] != mark { stamps[from + id] = mark; ids.append(Int32(id)) }
            }
            return true
        }
        let sound = { () -> Bool in
            for i in 0..<text.count {
                let b0 = Int(text[i])
                let first = Int(root[b0])
                guard first > 0 else { continue }
                guard reached(first) else { return false }
                let start = Int(row[b0])
                guard i + 1 < text.count else { break }
                guard start >= 0 else { continue }  // no literal goes on from this first byte
                guard start + 256 <= pairs.count else { return false }
                var node = Int(pairs[start + Int(text[i + 1])])
                var j = i + 2
                while node > 0 {
                    guard reached(node) else { return false }
                    guard j < text.count else { break }
                    let byte = text[j]
                    j += 1
                    var e = Int(nodes[2 &* node])
                    let end = Int(nodes[2 &* node &+ 2])
                    guard e >= 0, e <= end, end <= edges.count else { return false }
                    while e < end && UInt8(truncatingIfNeeded: edges[e]) < byte { e += 1 }
                    node = e < end && UInt8(truncatingIfNeeded: edges[e]) == byte ? Int(edges[e] >> 8) : -1
                }
            }
            return true
        }()
        return sound ? ids : nil
    }
}
