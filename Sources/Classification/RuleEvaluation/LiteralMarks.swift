import Foundation

/// Which regex literals each field of one message holds, kept from message to message so that
/// nothing is cleared per message (the literals are thousands; a ten times larger rule set has ten
/// times as many): literal l was found in slot k in the current evaluation when
/// `stamp[k * literals + l] == current`. Each evaluation takes a number no earlier one used (after
/// 65,535 of them, the marks are cleared and numbering starts again).
final class LiteralMarks {
    /// Owned: allocated in `init`, freed in `deinit` (read and written in place, with no copy or
    /// exclusivity check per access).
    let stamp: UnsafeMutableBufferPointer<UInt16>
    let literals: Int
    private(set) var current: UInt16 = 0
    /// A field's text lower-cased for the literal search (storage kept from field to field).
    var lowered: [UInt8] = []

    init(literals: Int, slots: Int) {
        self.literals = literals
        stamp = .allocate(capacity: literals * slots)
        stamp.initialize(repeating: 0)
    }

    deinit { stamp.deallocate() }

    /// A fresh number for an evaluation.
    func begin() {
        if current == .max {
            stamp.update(repeating: 0)
            current = 0
        }
        current += 1
    }

    /// Whether literal `id` was found in slot `k` (once that slot was searched).
    func holds(_ id: Int32, in k: Int) -> Bool { stamp[k * literals + Int(id)] == current }
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
