import TextMatching

/// Every regex's required literals, found in one pass over a field: a byte trie of the literals,
/// walked from each position of the text as far as the text follows it (literals that share a
/// beginning, "pagad", "pagar", "pagamos", are compared once for that beginning). Flat arrays that
/// the compiled-rules cache holds ready to use in place (loading builds nothing). Finds what
/// `SubstringSet` finds.
struct LiteralIndex: Sendable {
    /// Node k's edges are `edgeStart[k] ..< edgeStart[k + 1]`, sorted by key; node 0 is the root.
    private let edgeStart: StoredArray<Int32>
    private let edgeKeys: StoredArray<UInt8>
    private let edgeChildren: StoredArray<Int32>
    /// The literal that ends at each node, or -1.
    private let terminal: StoredArray<Int32>
    /// The root's child for each first byte, or -1: the hot first step.
    private let root: StoredArray<Int32>
    /// The node two bytes below the root for each pair of first bytes (`b0 << 8 | b1`), or -1: the
    /// second step, where nodes have the most edges.
    private let pairs: StoredArray<Int32>

    let count: Int

    init(_ literals: [String]) {
        // Built from the literals in byte order: a literal's new nodes hang below the path it shares
        // with the one before, and each node's edges come in key order.
        var edges: [[(key: UInt8, child: Int32)]] = [[]]
        var ends: [Int32] = [-1]
        var path: [Int] = [0]  // the nodes of the previous literal, from the root
        var previous: [UInt8] = []
        for k in literals.indices.sorted(by: { literals[$0].utf8.lexicographicallyPrecedes(literals[$1].utf8) }) {
            let bytes = Array(literals[k].utf8)
            var shared = 0
            while shared < min(bytes.count, previous.count) && bytes[shared] == previous[shared] { shared += 1 }
            path.removeLast(path.count - 1 - shared)
            for b in bytes[shared...] {
                edges.append([]); ends.append(-1)
                edges[path[path.count - 1]].append((b, Int32(edges.count - 1)))
                path.append(edges.count - 1)
            }
            ends[path[path.count - 1]] = Int32(k)
            previous = bytes
        }
        var edgeStart: [Int32] = [0], keys: [UInt8] = [], children: [Int32] = []
        for list in edges {
            for e in list { keys.append(e.key); children.append(e.child) }
            edgeStart.append(Int32(keys.count))
        }
        var root = [Int32](repeating: -1, count: 256), pairs = [Int32](repeating: -1, count: 65536)
        for e in edges[0] {
            root[Int(e.key)] = e.child
            for f in edges[Int(e.child)] { pairs[Int(e.key) << 8 | Int(f.key)] = f.child }
        }
        (self.edgeStart, self.edgeKeys, self.edgeChildren) = (StoredArray(edgeStart), StoredArray(keys), StoredArray(children))
        (self.terminal, self.root, self.pairs, self.count) = (StoredArray(ends), StoredArray(root), StoredArray(pairs), literals.count)
    }

    func encode(into w: inout BinaryWriter) {
        w.u32(UInt32(count))
        w.byteArray(Array(edgeKeys))
        w.alignedI32s(edgeStart)
        w.alignedI32s(edgeChildren)
        w.alignedI32s(terminal)
        w.alignedI32s(root)
        w.alignedI32s(pairs)
    }

    /// The index over the reader's bytes: array sizes checked here, each node, edge and literal id
    /// when used.
    init?(decoding r: inout BinaryReader) {
        guard let count = r.u32().map(Int.init), let keys = r.storedBytes(), let edgeStart = r.alignedI32s(),
              let children = r.alignedI32s(), let terminal = r.alignedI32s(), let root = r.alignedI32s(),
              let pairs = r.alignedI32s(), root.count == 256, pairs.count == 65536, children.count == keys.count, terminal.count + 1 == edgeStart.count,
              edgeStart[0] == 0, Int(edgeStart[edgeStart.count - 1]) == keys.count else { return nil }
        (self.count, self.edgeKeys, self.edgeStart, self.edgeChildren, self.terminal, self.root, self.pairs) =
            (count, keys, edgeStart, children, terminal, root, pairs)
    }

    /// The ids of the literals that occur in `text` (already lower-cased), in the order first found,
    /// literal l's entry `stamps[from + l]` set to `mark` (an entry already at `mark` counts as
    /// found); nil when a node, edge or id lies outside the arrays (an index from a corrupt cache).
    func found(in text: UnsafeBufferPointer<UInt8>, stamps: UnsafeMutableBufferPointer<UInt16>, from: Int, mark: UInt16) -> [Int32]? {
        precondition(from >= 0 && from + count <= stamps.count)
        var ids: [Int32] = []
        ids.reserveCapacity(64)
        // The arrays as buffers: every index read from them is checked below, once.
        let (edgeStart, keys, children, terminal, root, pairs) =
            (edgeStart.buffer, edgeKeys.buffer, edgeChildren.buffer, terminal.buffer, root.buffer, pairs.buffer)
        /// Records the literal ending at `node`; false when the node or its literal is out of range.
        func reached(_ node: Int) -> Bool {
            guard node < terminal.count else { return false }
            let id = Int(terminal[node])
            if id >= 0 {
                guard id < count else { return false }
                if stamps[from + id] != mark { stamps[from + id] = mark; ids.append(Int32(id)) }
            }
            return true
        }
        let sound = { () -> Bool in
            for i in 0..<text.count {
                let first = Int(root[Int(text[i])])
                guard first > 0 else { continue }
                guard reached(first) else { return false }
                guard i + 1 < text.count else { break }
                var node = Int(pairs[Int(text[i]) << 8 | Int(text[i + 1])])
                var j = i + 2
                while node > 0 {
                    guard reached(node) else { return false }
                    guard j < text.count else { break }
                    let byte = text[j]
                    j += 1
                    var e = Int(edgeStart[node])
                    let end = Int(edgeStart[node + 1])
                    guard e >= 0, e <= end, end <= keys.count else { return false }
                    while e < end && keys[e] < byte { e += 1 }
                    node = e < end && keys[e] == byte ? Int(children[e]) : -1
                }
            }
            return true
        }()
        return sound ? ids : nil
    }
}
