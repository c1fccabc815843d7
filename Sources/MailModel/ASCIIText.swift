/// Byte-level shortcuts for text that is (mostly) ASCII, shared by the modules that read and
/// write mail: where every byte is below 0x80, bytes are characters (CR LF aside), and a test or
/// a cut made on them gives what the Character-level one gives, for a fraction of the cost.

extension UnsafeBufferPointer where Element == UInt8 {
    /// Every byte is below 0x80.
    public var isASCII: Bool {
        var acc: UInt8 = 0
        for b in self { acc |= b }
        return acc < 0x80
    }
}

extension StringProtocol {
    /// Every byte of the text is below 0x80.
    public var isASCII: Bool {
        utf8.withContiguousStorageIfAvailable { $0.isASCII } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Trims the given characters at both ends (no Foundation needed). With a `set` of ASCII
    /// characters other than CR and LF, by bytes where that gives the same cut: when the first and
    /// last kept bytes are ASCII, no trimmed byte was part of a kept character.
    public func trimmingCharacters(in set: String) -> String {
        let members = set.utf8
        if members.allSatisfy({ $0 < 0x80 && $0 != 0x0D && $0 != 0x0A }) {
            let s = Substring(self)
            let u = s.utf8
            var start = u.startIndex, end = u.endIndex
            while start < end, members.contains(u[start]) { start = u.index(after: start) }
            while end > start, members.contains(u[u.index(before: end)]) { end = u.index(before: end) }
            if start == end || (u[start] < 0x80 && u[u.index(before: end)] < 0x80) { return String(s[start..<end]) }
        }
        var start = startIndex, end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
