/// Which of many short strings occur in a text, in one pass: every position is
/// looked up by its first three bytes, then the candidates are compared.
public struct SubstringSet: Sendable {
    private let patterns: [[UInt8]]
    private let byTrigram: [UInt32: [Int32]]

    public init(_ literals: [String]) {
        patterns = literals.map { Array($0.utf8) }
        var index: [UInt32: [Int32]] = [:]
        for (k, p) in patterns.enumerated() where p.count >= 3 {
            index[UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2]), default: []].append(Int32(k))
        }
        byTrigram = index
    }

    public var count: Int { patterns.count }

    /// found[k] is true when literal k occurs in `text` (already lower-cased).
    public func found(in text: UnsafeBufferPointer<UInt8>) -> [Bool] {
        var found = [Bool](repeating: false, count: patterns.count)
        guard text.count >= 3 else { return found }
        var key = UInt32(text[0]) << 8 | UInt32(text[1])
        for i in 2..<text.count {
            key = (key << 8 | UInt32(text[i])) & 0xFFFFFF
            guard let candidates = byTrigram[key] else { continue }
            let start = i - 2
            for c in candidates where !found[Int(c)] {
                let p = patterns[Int(c)]
                guard start + p.count <= text.count else { continue }
                var k = 3
                while k < p.count && text[start + k] == p[k] { k += 1 }
                if k == p.count { found[Int(c)] = true }
            }
        }
        return found
    }

    /// Text lower-cased the way literals are (Unicode lower case).
    public static func lowercasedBytes(_ text: String) -> [UInt8] {
        var copy = text
        return copy.withUTF8 { lowercasedBytes(utf8: $0) }
    }

    /// The same over valid UTF-8. Lower-casing maps scalar by scalar, so ASCII bytes are mapped in
    /// place and only the runs of other scalars go through `String.lowercased()`.
    public static func lowercasedBytes(utf8 text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        lowercase(utf8: text, into: &out)
        return out
    }

    /// The same into `out` (emptied first; its storage is reused from text to text). The usual text,
    /// whose characters outside ASCII are already lower case, is copied and lower-cased in place.
    public static func lowercase(utf8 text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: text)
        let inPlace = out.withUnsafeMutableBufferPointer { o -> Bool in
            var k = 0
            while k < o.count {
                let b = o[k]
                if b < 0x80 {
                    if b &- 0x41 < 26 { o[k] = b | 0x20 }
                    k += 1
                    continue
                }
                var v = UInt32(b), len = 1
                if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 }
                // Anything but well-formed UTF-8 goes the long way (which repairs it).
                guard len > 1, k + len <= o.count else { return false }
                for m in 1..<len {
                    guard o[k + m] & 0xC0 == 0x80 else { return false }
                    v = v << 6 | UInt32(o[k + m] & 0x3F)
                }
                guard v >= (len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000), let scalar = Unicode.Scalar(v),
                      !scalar.properties.changesWhenLowercased else { return false }
                k += len
            }
            return true
        }
        if inPlace { return }
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let b = text[i]
            if b < 0x80 {
                out.append(b &- 0x41 < 26 ? b | 0x20 : b)
                i += 1
                continue
            }
            var j = i + 1
            while j < text.count && text[j] >= 0x80 { j += 1 }
            out += String(decoding: UnsafeBufferPointer(rebasing: text[i..<j]), as: UTF8.self).lowercased().utf8
            i = j
        }
    }
}
