/// The subset of TOML the configuration file uses: `[section]`, `key = value`
/// with quoted strings, numbers, booleans and one-line arrays, `#` comments.
/// Errors carry `file:line:col` like the rule files.
public struct ConfigFile: Sendable {
    public enum Value: Sendable, Equatable {
        case string(String), number(Double), bool(Bool), array([Value])

        public var string: String? { if case .string(let s) = self { return s }; return nil }
        public var number: Double? { if case .number(let n) = self { return n }; return nil }
        public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
        public var strings: [String]? {
            if case .array(let a) = self { return a.compactMap(\.string) }
            return nil
        }
    }

    public let path: String
    /// "section.key" → value (keys outside a section have no prefix).
    public let values: [String: Value]
    /// "section.key" → line, for diagnostics on bad values.
    public let lines: [String: Int]

    public init(path: String, contents: String) throws(RuleFile.SyntaxError) {
        var copy = contents
        if let parsed = copy.withUTF8({ ByteText.splitsLikeCharacters($0) ? Self.parseBytes($0) : nil }) {
            self.init(path: path, values: parsed.0, lines: parsed.1)
            return
        }
        // Text the byte reading cannot take as it is, and every file with an error (its column
        // is counted in Characters), takes the Character path: same values, slower.
        try self.init(path: path, readingCharacters: contents)
    }

    private init(path: String, values: [String: Value], lines: [String: Int]) {
        self.path = path
        self.values = values
        self.lines = lines
    }

    /// The Character path (internal for the test that holds both paths to the same values).
    init(path: String, readingCharacters contents: String) throws(RuleFile.SyntaxError) {
        self.path = path
        var values: [String: Value] = [:], lines: [String: Int] = [:]
        var section = ""
        // Lines split on the newline byte, and comment-only lines skipped before any Character work:
        // most of the shipped file is comments, read on every deliver.
        for (index, bytes) in contents.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }), first != 0x23 else { continue }
            let raw = Substring(bytes)
            let line = String(Self.stripComment(raw)).trimmed()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw RuleFile.SyntaxError(file: path, line: number, column: 1, message: "section header without ']'") }
                section = String(line.dropFirst().dropLast()).trimmed()
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw RuleFile.SyntaxError(file: path, line: number, column: 1, message: "expected 'key = value'")
            }
            let key = String(line[..<eq]).trimmed()
            let valueText = String(line[line.index(after: eq)...]).trimmed()
            guard let value = Self.parseValue(Substring(valueText)) else {
                let column = raw.count - raw.drop(while: { $0 == " " }).count + line.distance(from: line.startIndex, to: eq) + 3
                throw RuleFile.SyntaxError(file: path, line: number, column: column, message: "cannot read the value of '\(key)'")
            }
            let full = section.isEmpty ? key : section + "." + key
            values[full] = value
            lines[full] = number
        }
        self.values = values
        self.lines = lines
    }

    public subscript(_ key: String) -> Value? { values[key] }

    /// The file read at bytes (deliver reads it on every message): nil on anything the Character
    /// path would reject, which then reads it again to say where.
    private static func parseBytes(_ b: UnsafeBufferPointer<UInt8>) -> ([String: Value], [String: Int])? {
        var values: [String: Value] = [:], lines: [String: Int] = [:]
        var section = ""
        var number = 0, start = 0
        while start <= b.count {
            var end = start
            while end < b.count && b[end] != 0x0A { end += 1 }
            number += 1
            defer { start = end + 1 }
            // The line without its comment, trimmed.
            var cut = end, inString = false
            for i in start..<end {
                if b[i] == 0x22 { inString.toggle() } else if b[i] == 0x23 && !inString { cut = i; break }
            }
            let (s, e) = ByteText.trimmedBounds(b, start, cut)
            if s == e { continue }
            if b[s] == 0x5B {
                guard e - s >= 2, b[e - 1] == 0x5D else { return nil }
                section = ByteText.trimmed(b, s + 1, e - 1)
                continue
            }
            guard let eq = (s..<e).first(where: { b[$0] == 0x3D }), let value = parseValue(b, eq + 1, e) else { return nil }
            let key = ByteText.trimmed(b, s, eq)
            let full = section.isEmpty ? key : section + "." + key
            values[full] = value
            lines[full] = number
        }
        return (values, lines)
    }

    /// `parseValue` at bytes.
    private static func parseValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Value? {
        let (s, e) = ByteText.trimmedBounds(b, start, end)
        let text = UnsafeBufferPointer(rebasing: b[s..<e])
        if e - s >= 2 && b[s] == 0x22 && b[e - 1] == 0x22 {
            var out: [UInt8] = [], escaped = false
            out.reserveCapacity(e - s)
            for x in b[(s + 1)..<(e - 1)] {
                if escaped { out.append(x == 0x6E ? 0x0A : x == 0x74 ? 0x09 : x); escaped = false }
                else if x == 0x5C { escaped = true }
                else { out.append(x) }
            }
            return .string(String(decoding: out, as: UTF8.self))
        }
        if text.elementsEqual("true".utf8) { return .bool(true) }
        if text.elementsEqual("false".utf8) { return .bool(false) }
        if e - s >= 2 && b[s] == 0x5B && b[e - 1] == 0x5D {
            var items: [Value] = [], item = s + 1, inString = false
            for i in (s + 1)..<e {
                let last = i == e - 1
                if !last && b[i] == 0x22 { inString.toggle() }
                guard last || (b[i] == 0x2C && !inString) else { continue }
                if let v = parseValue(b, item, i) {
                    items.append(v)
                } else {
                    let (from, to) = ByteText.trimmedBounds(b, item, i)
                    if from != to { return nil }
                }
                item = i + 1
            }
            return .array(items)
        }
        return Double(String(decoding: text.filter { $0 != 0x5F }, as: UTF8.self)).map(Value.number)
    }

    private static func stripComment(_ line: Substring) -> Substring {
        var inString = false
        for i in line.indices {
            if line[i] == "\"" { inString.toggle() }
            if line[i] == "#" && !inString { return line[..<i] }
        }
        return line
    }

    private static func parseValue(_ text: Substring) -> Value? {
        let t = text.trimmingSpaces()
        if t.hasPrefix("\"") && t.hasSuffix("\"") && t.count >= 2 {
            return .string(String(t.dropFirst().dropLast()).replacingEscapes())
        }
        if t == "true" { return .bool(true) }
        if t == "false" { return .bool(false) }
        if t.hasPrefix("[") && t.hasSuffix("]") {
            let inner = t.dropFirst().dropLast()
            var items: [Value] = []
            var current = ""
            var inString = false
            for c in inner {
                if c == "\"" { inString.toggle() }
                if c == "," && !inString {
                    if let v = parseValue(Substring(current)) { items.append(v) } else if !current.trimmed().isEmpty { return nil }
                    current = ""
                } else {
                    current.append(c)
                }
            }
            if !current.trimmed().isEmpty {
                guard let v = parseValue(Substring(current)) else { return nil }
                items.append(v)
            }
            return .array(items)
        }
        if let n = Double(t.replacingUnderscores()) { return .number(n) }
        return nil
    }
}

private extension Substring {
    func trimmingSpaces() -> String { String(self).trimmed() }
}

private extension String {
    func replacingEscapes() -> String {
        var out = ""
        var escaped = false
        for c in self {
            if escaped { out.append(c == "n" ? "\n" : c == "t" ? "\t" : c); escaped = false }
            else if c == "\\" { escaped = true }
            else { out.append(c) }
        }
        return out
    }

    func replacingUnderscores() -> String { filter { $0 != "_" } }
}
