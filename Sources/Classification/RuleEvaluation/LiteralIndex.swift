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

    let count: Int

    init(_ literals: [String]) {
        // Built as nested dictionaries, then flattened breadth-first with each node's edges sorted.
        var children: [[UInt8: Int32]] = [[:]]
        var ends: [Int32] = [-1]
        for (k, l) in literals.enumerated() {
            var node = 0
            for b in l.utf8 {
                if let next = children[node][b] { node = Int(next); continue }
                children.append([:]); ends.append(-1)
                children[node][b] = Int32(children.count - 1)
                node = children.count - 1
            }
            ends[node] = Int32(k)
        }
        var order = [0], number = [Int32](repeating: 0, count: children.count)
        var i = 0
        while i < order.count {
            for (_, child) in children[order[i]].sorted(by: { $0.key < $1.key }) {
                number[Int(child)] = Int32(order.count)
                order.append(Int(child))
            }
            i += 1
        }
        var edgeStart: [Int32] = [0], keys: [UInt8] = [], targets: [Int32] = [], terminal: [Int32] = []
        for node in order {
            for (key, child) in children[node].sorted(by: { $0.key < $1.key }) { keys.append(key); targets.append(number[Int(child)]) }
            edgeStart.append(Int32(keys.count))
            terminal.append(ends[node])
        }
        var root = [Int32](repeating: -1, count: 256)
        for (key, child) in children[0] { root[Int(key)] = number[Int(child)] }
        (self.edgeStart, self.edgeKeys, self.edgeChildren) = (StoredArray(edgeStart), StoredArray(keys), StoredArray(targets))
        (self.terminal, self.root, self.count) = (StoredArray(terminal), StoredArray(root), literals.count)
    }

    func encode(into w: inout BinaryWriter) {
        w.u32(UInt32(count))
        w.byteArray(Array(edgeKeys))
        w.alignedI32s(edgeStart)
        w.alignedI32s(edgeChildren)
        w.alignedI32s(terminal)
        w.alignedI32s(root)
    }

    /// The index over the reader's bytes: array sizes checked here, each node, edge and literal id
    /// when used.
    init?(decoding r: inout BinaryReader) {
        guard let count = r.u32().map(Int.init), let keys = r.storedBytes(), let edgeStart = r.alignedI32s(),
              let children = r.alignedI32s(), let terminal = r.alignedI32s(), let root = r.alignedI32s(),
              root.count == 256, children.count == keys.count, terminal.count + 1 == edgeStart.count,
              edgeStart[0] == 0, Int(edgeStart[edgeStart.count - 1]) == keys.count else { return nil }
        (self.count, self.edgeKeys, self.edgeStart, self.edgeChildren, self.terminal, self.root) =
            (count, keys, edgeStart, children, terminal, root)
    }

    /// flags[k] is true when literal k occurs in `text` (already lower-cased), and k is in `ids` (in
    /// the order first found); nil when a node, edge or id lies outside the arrays (an index from a
    /// corrupt cache).
    func found(in text: UnsafeBufferPointer<UInt8>) -> (flags: [Bool], ids: [Int32])? {
        var found = [Bool](repeating: false, count: count)
        var ids: [Int32] = []
        // The arrays as buffers: every index read from them is checked below, once.
        let (edgeStart, keys, children, terminal, root) =
            (edgeStart.buffer, edgeKeys.buffer, edgeChildren.buffer, terminal.buffer, root.buffer)
        let sound = found.withUnsafeMutableBufferPointer { found -> Bool in
            for i in 0..<text.count {
                var node = Int(root[Int(text[i])])
                var j = i + 1
                while node > 0 {
                    guard node < terminal.count else { return false }
                    let id = Int(terminal[node])
                    if id >= 0 {
                        guard id < found.count else { return false }
                        if !found[id] { found[id] = true; ids.append(Int32(id)) }
                    }
                    guard j < text.count else { break }
                    let byte = text[j]
                    j += 1
                    var e = Int(edgeStart[node])
                    let end = Int(edgeStart[node + 1])
                    guard e >= 0, e <= end, end <= keys.count else { return false }
                    node = -1
                    while e < end && keys[e] < byte { e += 1 }
                    if e < end && keys[e] == byte { node = Int(children[e]) }
                }
            }
            return true
        }
        return sound ? (found, ids) : nil
    }
}
