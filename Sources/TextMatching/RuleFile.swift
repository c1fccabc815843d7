/// The small `key: value` / `[section]` format of the data files under
/// `Rules/extraction/` (and other simple analyst tables): `#` comments,
/// blank lines ignored, every entry keeps its line for diagnostics.
public struct RuleFile: Sendable {
    public struct Entry: Sendable {
        public var section: String
        public var key: String
        public var value: String
        public var line: Int
    }

    /// A syntax error with its position, printed as `file:line:col: message`.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(file):\(line):\(column): \(message)" }

        public init(file: String, line: Int, column: Int, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public let path: String
    public let entries: [Entry]

    public init(path: String, contents: String) throws(SyntaxError) {
        self.path = path
        var copy = contents
        let fast = copy.withUTF8 { bytes -> Result<[Entry], SyntaxError>? in
            guard ByteText.splitsLikeCharacters(bytes) else { return nil }
            do throws(SyntaxError) { return .success(try Self.entries(path: path, bytes)) } catch { return .failure(error) }
        }
        if let fast { entries = try fast.get(); return }
        entries = try Self.entries(path: path, characters: contents)
    }

    /// The parse over UTF-8 bytes: the same lines, columns and values as the `Character` parse
    /// below for text that `ByteText.splitsLikeCharacters` accepts, at a fraction of the cost.
    private static func entries(path: String, _ b: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [Entry] {
        var entries: [Entry] = []
        var section = ""
        var number = 0
        var start = 0
        while start <= b.count {
            var end = start
            while end < b.count && b[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            number += 1
            var s = start
            while s < end && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
            if s == end || b[s] == 0x23 { continue }  // blank or "#"
            let indent = s - start + 1
            if b[s] == 0x7C, !entries.isEmpty {  // "|"
                entries[entries.count - 1].value += " " + ByteText.trimmed(b, s, end)
                continue
            }
            if b[s] == 0x5B {  // "["
                guard let close = (s..<end).first(where: { b[$0] == 0x5D }) else {
                    throw SyntaxError(file: path, line: number, column: indent, message: "section header without ']'")
                }
                section = ByteText.trimmed(b, s + 1, close)
                continue
            }
            guard let colon = (s..<end).first(where: { b[$0] == 0x3A }) else {
                throw SyntaxError(file: path, line: number, column: indent, message: "expected 'key: value'")
            }
            let key = ByteText.trimmed(b, s, colon)
            let value = ByteText.trimmed(b, colon + 1, end)
            guard !key.isEmpty else {
                throw SyntaxError(file: path, line: number, column: indent, message: "missing key before ':'")
            }
            entries.append(Entry(section: section, key: key, value: value, line: number))
        }
        return entries
    }

    static func entries(path: String, characters contents: String) throws(SyntaxError) -> [Entry] {
        var entries: [Entry] = []
        var section = ""
        for (index, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let indent = rawLine.count - line.count + 1
            if line.hasPrefix("|"), !entries.isEmpty {
                // A long phrase list continues on lines starting with "|".
                entries[entries.count - 1].value += " " + String(line).trimmed()
                continue
            }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    throw SyntaxError(file: path, line: number, column: indent, message: "section header without ']'")
                }
                section = String(line[line.index(after: line.startIndex)..<close]).trimmed()
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw SyntaxError(file: path, line: number, column: indent, message: "expected 'key: value'")
            }
            let key = String(line[..<colon]).trimmed()
            let value = String(line[line.index(after: colon)...]).trimmed()
            guard !key.isEmpty else {
                throw SyntaxError(file: path, line: number, column: indent, message: "missing key before ':'")
            }
            entries.append(Entry(section: section, key: key, value: value, line: number))
        }
        return entries
    }

    /// Splits a `a | b | c` phrase list.
    public static func phrases(_ value: String) -> [String] {
        var copy = value
        let fast = copy.withUTF8 { b -> [String]? in
            guard ByteText.splitsLikeCharacters(b) else { return nil }
            var out: [String] = []
            var start = 0
            while start < b.count {
                var end = start
                while end < b.count && b[end] != 0x7C { end += 1 }
                let phrase = ByteText.trimmed(b, start, end)
                if !phrase.isEmpty { out.append(phrase) }
                start = end + 1
            }
            return out
        }
        return fast ?? value.split(separator: "|").map { String($0).trimmed() }.filter { !$0.isEmpty }
    }
}

extension String {
    /// Trims spaces, tabs and CR at both ends.
    public func trimmed() -> String {
        var copy = self
        if let fast = copy.withUTF8({ ByteText.splitsLikeCharacters($0) ? ByteText.trimmed($0, 0, $0.count) : nil }) {
            return fast
        }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// Splitting and trimming text at ASCII bytes, for parsers that would otherwise walk `Character`s
/// (grapheme breaking costs far more than the parse).
public enum ByteText {
    /// True when cutting `b` at ASCII bytes gives the same pieces as cutting it at `Character`s:
    /// no CR LF pair (one Character), and no scalar that can join an ASCII neighbour into one
    /// Character (combining, enclosing and spacing marks, format characters, emoji modifiers,
    /// prepended letters). Text that fails takes the `Character` path: same results, slower.
    public static func splitsLikeCharacters(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let x = b[i]
            if x < 0x80 {
                if x == 0x0D && i + 1 < n && b[i + 1] == 0x0A { return false }
                i += 1
                continue
            }
            var v = UInt32(x), len = 1
            if x >= 0xF0 { v &= 0x07; len = 4 } else if x >= 0xE0 { v &= 0x0F; len = 3 } else if x >= 0xC0 { v &= 0x1F; len = 2 }
            var k = 1
            while k < len, i + k < n { v = v << 6 | UInt32(b[i + k] & 0x3F); k += 1 }
            if mayJoin(v) { return false }
            i += len
        }
        return true
    }

    private static func mayJoin(_ v: UInt32) -> Bool {
        if v >= 0xA0 && v < 0x300 { return v == 0xAD }  // Latin-1 and Latin Extended: letters and signs; U+00AD is a format character
        guard let scalar = Unicode.Scalar(v) else { return true }
        let p = scalar.properties
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
        default: break
        }
        if p.isGraphemeExtend || p.isEmojiModifier { return true }
        // Spacing marks and prepended characters that are letters (Grapheme_Cluster_Break SpacingMark / Prepend, gc=Lo).
        return v == 0x0E33 || v == 0x0EB3 || v == 0x0D4E || v == 0x111C2 || v == 0x111C3 || v == 0x1193F || v == 0x11941
            || v == 0x11A3A || (0x11A84...0x11A89).contains(v) || v == 0x11D46
    }

    /// The bytes `start..<end` without spaces, tabs and CRs at either end, as a String.
    public static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let (s, e) = trimmedBounds(b, start, end)
        return String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
    }

    /// Where `trimmed` cuts: the bounds of `start..<end` without spaces, tabs and CRs at either end.
    public static func trimmedBounds(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start, e = end
        while s < e && (b[s] == 0x20 || b[s] == 0x09 || b[s] == 0x0D) { s += 1 }
        while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09 || b[e - 1] == 0x0D) { e -= 1 }
        return (s, e)
    }
}
