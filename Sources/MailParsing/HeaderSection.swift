import Glibc
import MailModel

/// The header section of one entity (message or MIME part), split into fields.
///
/// Works on LF-normalized bytes. Lenient like Python's feedparser: a line that
/// is neither `Name: value` nor a continuation ends the header section (the
/// line becomes body) and is recorded as a defect.
struct HeaderSection {
    struct Field {
        var name: String
        /// Unfolded value, 8-bit bytes repaired to UTF-8.
        var raw: String
        /// True when the value held non-ASCII bytes that were not valid UTF-8.
        var repaired8bit: Bool
    }

    var fields: [Field] = []
    /// Index of the first body byte.
    var bodyStart: Int
    var defects: [Defect.Code] = []

    /// Parses `bytes[start..<end]`; `skipEnvelope` drops a leading mbox `From ` line.
    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, maxBytes: Int, skipEnvelope: Bool) {
        var i = start
        bodyStart = end
        if skipEnvelope, end - i >= 5, Self.hasPrefix(bytes, at: i, "From ") {
            i = Self.lineEnd(bytes, from: i, end: end) + 1
        }
        var current: (nameEnd: Int, valueStart: Int, end: Int, name: String)? = nil
        // The lines of the current field's value; one buffer for every field (an array per field
        // cost an allocation each).
        var pendingValueRanges: [Range<Int>] = []
        pendingValueRanges.reserveCapacity(8)
        fields.reserveCapacity(16)
        var limited = false

        func flush() {
            guard let c = current else { return }
            fields.append(Self.makeField(bytes, name: c.name, ranges: pendingValueRanges))
            current = nil
            pendingValueRanges.removeAll(keepingCapacity: true)
        }

        while i < end {
            let eol = Self.lineEnd(bytes, from: i, end: end)
            let next = min(eol + 1, end)
            if Self.isBlank(bytes, i, eol) {
                bodyStart = next
                flush()
                return
            }
            if i - start > maxBytes {
                if !limited { defects.append(.headerLimit); limited = true; flush() }
                i = next
                continue
            }
            let first = bytes[i]
            if first == 0x20 || first == 0x09 {
                if current != nil {
                    pendingValueRanges.append(i..<eol)
                } else {
                    defects.append(.malformedHeader)  // continuation before any field: dropped
                }
                i = next
                continue
            }
            if let colon = Self.fieldNameEnd(bytes, i, eol) {
                flush()
                var nameEnd = colon
                while nameEnd > i, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<nameEnd]), as: UTF8.self)
                current = (nameEnd, colon + 1, eol, name)
                pendingValueRanges.append((colon + 1)..<eol)
                i = next
                continue
            }
            // Neither a field nor a continuation. When the header section clearly goes
            // on (a field or the blank line follows), it is a continuation that lost
            // its indentation; otherwise the header section ends here.
            defects.append(.malformedHeader)
            if let c = current, next < end, Self.looksLikeParameter(bytes, i, eol) || Self.endsWithSeparator(bytes, c.end) {
                let nextEnd = Self.lineEnd(bytes, from: next, end: end)
                if Self.isBlank(bytes, next, nextEnd) || Self.fieldNameEnd(bytes, next, nextEnd) != nil {
                    pendingValueRanges.append(i..<eol)
                    i = next
                    continue
                }
            }
            flush()
            bodyStart = i
            return
        }
        flush()
        bodyStart = end
    }

    private static func makeField(_ bytes: UnsafeBufferPointer<UInt8>, name: String, ranges: [Range<Int>]) -> Field {
        /// Trimmed as bytes, then decoded: blanks are ASCII, which no repair touches, so this is
        /// the decoded value trimmed, without copying the string again.
        func field(_ value: UnsafeBufferPointer<UInt8>) -> Field {
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            var start = 0, end = value.count
            while start < end, isSpace(value[start]) { start += 1 }
            while end > start, isSpace(value[end - 1]) { end -= 1 }
            let decoded = TextDecoding.utf8Repairing(UnsafeBufferPointer(rebasing: value[start..<end]))
            return Field(name: name, raw: decoded.text, repaired8bit: decoded.repaired)
        }
        if ranges.count == 1 { return field(UnsafeBufferPointer(rebasing: bytes[ranges[0]])) }  // not folded
        var value = [UInt8]()
        for (k, r) in ranges.enumerated() {
            var s = r.lowerBound
            if k > 0 {
                while s < r.upperBound, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
                if !value.isEmpty { value.append(0x20) }
            }
            value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<r.upperBound]))
        }
        return value.withUnsafeBufferPointer(field)
    }

    /// Position of the colon when `line` starts with a valid field name (printable ASCII, no colon).
    private static func fieldNameEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var j = start
        var sawName = false
        var sawSpace = false
        while j < end {
            let b = bytes[j]
            if b == 0x3A { return sawName ? j : nil }
            if b == 0x20 || b == 0x09 {
                sawSpace = true  // "Subject : x" is tolerated; "two words: x" is not
            } else if b > 0x20 && b < 0x7F {
                if sawSpace { return nil }
                sawName = true
            } else {
                return nil
            }
            j += 1
        }
        return nil
    }

    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, end: Int) -> Int {
        guard i < end, let base = bytes.baseAddress else { return end }
        if let p = memchr(base + i, 0x0A, end - i) {
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
        return end
    }

    /// `name="value"` or `name=value;`: a MIME parameter that lost its indentation.
    private static func looksLikeParameter(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var j = start
        while j < end, bytes[j] > 0x20, bytes[j] != 0x3D, bytes[j] < 0x7F { j += 1 }
        return j > start && j < end && bytes[j] == 0x3D
    }

    /// The previous field's line ends with `;` or `,`, so a continuation is expected.
    private static func endsWithSeparator(_ bytes: UnsafeBufferPointer<UInt8>, _ lineEnd: Int) -> Bool {
        var j = lineEnd - 1
        while j >= 0, bytes[j] == 0x20 || bytes[j] == 0x09 { j -= 1 }
        return j >= 0 && (bytes[j] == 0x3B || bytes[j] == 0x2C)
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var j = start
        while j < end {
            if bytes[j] != 0x20 && bytes[j] != 0x09 { return false }
            j += 1
        }
        return true
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }
}
