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
