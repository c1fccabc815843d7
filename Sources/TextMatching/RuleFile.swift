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
        self.entries = entries
    }

    /// Splits a `a | b | c` phrase list.
    public static func phrases(_ value: String) -> [String] {
        value.split(separator: "|").map { String($0).trimmed() }.filter { !$0.isEmpty }
    }
}

extension String {
    /// Trims spaces, tabs and CR at both ends.
    public func trimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
