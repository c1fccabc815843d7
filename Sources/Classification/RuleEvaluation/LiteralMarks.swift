import Foundation

/// Which regex literals each field of one message holds, kept from message to message so that
/// nothing is allocated per message: literal l was found in slot k in the current evaluation when
/// bit l of slot k's words is set. A bit per literal keeps a slot's marks in a few cache lines
/// (a 16-bit stamp per literal spread the thousands found in a message over tens of KB); `begin`
/// clears the words the evaluation before set, not every word.
final class LiteralMarks {
    /// Owned: allocated in `init`, freed in `deinit` (read and written in place, with no copy or
    /// exclusivity check per access). Slot k's words are `bits[k * words ..< (k + 1) * words]`.
    let bits: UnsafeMutableBufferPointer<UInt64>
    let literals: Int
    let slots: Int
    let words: Int
    /// The words where bits were set since `begin` (a word may be listed more than once).
    private var set: [Int] = []
    /// A field's text lower-cased for the literal search (storage kept from field to field).
    var lowered: [UInt8] = []
    /// The byte pairs (65,536 bits) and bytes (256 bits, from word 1,024) a text holds, while the
    /// literal search of one field runs (`LiteralIndex`): all clear between searches.
    let seen: UnsafeMutableBufferPointer<UInt64>

    init(literals: Int, slots: Int) {
        (self.literals, self.slots, words) = (literals, slots, (literals + 63) / 64)
        bits = .allocate(capacity: max(words * slots, 1))
        bits.initialize(repeating: 0)
        seen = .allocate(capacity: 1024 + 4)
        seen.initialize(repeating: 0)
    }

    deinit {
        bits.deallocate()
        seen.deallocate()
    }

    /// A fresh start for an evaluation: nothing found.
    func begin() {
        for w in set { bits[w] = 0 }
        set.removeAll(keepingCapacity: true)
    }

    /// Notes that the bits of `ids` were set in slot k, for `begin` to clear.
    func setting(_ ids: [Int32], in k: Int) {
        let first = k * words
        set.append(contentsOf: ids.lazy.map { first &+ Int($0) >> 6 })
    }

    /// Whether literal `id` was found in slot `k` (once that slot was searched).
    func holds(_ id: Int32, in k: Int) -> Bool { bits[k * words + Int(id) >> 6] >> UInt64(id & 63) & 1 != 0 }
}

/// An engine's `LiteralMarks`, one per evaluation running at a time, given back when it is done.
final class LiteralMarksPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [LiteralMarks] = []
    private let literals: Int
    private let slots: Int

    init(literals: Int, slots: Int) { (self.literals, self.slots) = (literals, slots) }

    func take() -> LiteralMarks {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? LiteralMarks(literals: literals, slots: slots)
    }

    func giveBack(_ marks: LiteralMarks) {
        lock.lock()
        defer { lock.unlock() }
        free.append(marks)
    }
}
