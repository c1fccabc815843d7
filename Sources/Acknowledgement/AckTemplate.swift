import TextMatching

/// One acknowledgement text, `Rules/templates/<lang>/<intent>.txt`: the body
/// as sent, with `{placeholder}`s and lines shown only when a value is
/// present (`?name …`) or absent (`!name …`). Leading `#` lines are comments.
public struct AckTemplate: Sendable, Equatable {
    /// The placeholders a template may use.
    public enum Placeholder: String, Sendable, CaseIterable {
        case ticket, dueDate = "due_date", name, invoices, amounts, desk
    }

    /// Placeholders every template must contain: the customer must learn the
    /// ticket number and when they will hear back.
    public static let required: [Placeholder] = [.ticket, .dueDate]

    struct Line: Sendable, Equatable {
        enum Condition: Sendable, Equatable { case always, present(Placeholder), absent(Placeholder) }
        /// A run of literal UTF-8, or a placeholder's value.
        enum Piece: Sendable, Equatable { case text([UInt8]), value(Placeholder) }
        var condition: Condition
        var text: String
        /// `text` split once at its placeholders (not again for every acknowledgement): each `{name}`
        /// of a known placeholder is its value, anything else between braces stays as written.
        let pieces: [Piece]

        init(condition: Condition, text: String) {
            self.condition = condition
            self.text = text
            var pieces: [Piece] = []
            var literal: [UInt8] = []
            let s = Array(text.utf8)
            var i = 0
            while i < s.count {
                if s[i] == 0x7B, let close = s[(i + 1)...].firstIndex(of: 0x7D) {  // { }
                    if let p = Placeholder(rawValue: String(decoding: s[(i + 1)..<close], as: UTF8.self)) {
                        if !literal.isEmpty { pieces.append(.text(literal)) }
                        literal = []
                        pieces.append(.value(p))
                    } else {
                        literal += s[i...close]
                    }
                    i = close + 1
                } else {
                    literal.append(s[i])
                    i += 1
                }
            }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            self.pieces = pieces
        }
    }

    public let path: String
    let lines: [Line]

    /// Parses a template; unknown placeholders or conditions, a missing required
    /// placeholder, and an empty body are errors with `file:line:col`.
    public init(path: String, contents: String) throws(RuleFile.SyntaxError) {
        var copy = contents
        if let lines = copy.withUTF8({ ByteText.splitsLikeCharacters($0) ? Self.lines(bytes: $0) : nil }) {
            self.init(path: path, lines: lines)
            return
        }
        try self.init(path: path, readingCharacters: contents)
    }

    /// The template read at bytes (deliver reads two on every message): nil on anything the
    /// Character reading would reject, which then reads it again to say where.
    private static func lines(bytes b: UnsafeBufferPointer<UInt8>) -> [Line]? {
        var lines: [Line] = []
        var used = 0  // bit per Placeholder.allCases index
        var inHeader = true
        var start = 0
        while start <= b.count {
            var end = start
            while end < b.count && b[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            var e = end
            if e > start && b[e - 1] == 0x0D { e -= 1 }
            if inHeader && e > start && b[start] == 0x23 { continue }
            inHeader = false
            var condition = Line.Condition.always
            var s = start
            if s < e && (b[s] == 0x3F || b[s] == 0x21) {
                var w = s + 1
                while w < e && b[w] != 0x20 { w += 1 }
                guard let p = placeholder(b, s + 1, w) else { return nil }
                condition = b[s] == 0x3F ? .present(p) : .absent(p)
                s = w
                while s < e && b[s] == 0x20 { s += 1 }
            }
            var open: Int?
            for i in s..<e {
                if b[i] == 0x7B { open = i + 1 }
                else if b[i] == 0x7D, let o = open {
                    guard let p = placeholder(b, o, i) else { return nil }
                    used |= 1 << Placeholder.allCases.firstIndex(of: p)!
                    open = nil
                }
            }
            lines.append(Line(condition: condition, text: String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)))
        }
        while let last = lines.last, last.text.isEmpty, last.condition == .always { lines.removeLast() }
        guard !lines.isEmpty, required.allSatisfy({ used & 1 << Placeholder.allCases.firstIndex(of: $0)! != 0 }) else { return nil }
        return lines
    }

    private init(path: String, lines: [Line]) {
        self.path = path
        self.lines = lines
    }

    private static func placeholder(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Placeholder? {
        Placeholder(rawValue: String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
    }

    /// The Character reading (internal for the test that holds both readings to the same lines).
    init(path: String, readingCharacters contents: String) throws(RuleFile.SyntaxError) {
        self.path = path
        var lines: [Line] = []
        var used = Set<Placeholder>()
        var inHeader = true
        for (index, raw) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var text = String(raw)
            if text.hasSuffix("\r") { text.removeLast() }
            if inHeader && text.hasPrefix("#") { continue }
            inHeader = false
            var condition = Line.Condition.always
            var column = 1
            if let first = text.first, first == "?" || first == "!" {
                let word = text.dropFirst().prefix { $0 != " " }
                guard let p = Placeholder(rawValue: String(word)) else {
                    throw RuleFile.SyntaxError(file: path, line: index + 1, column: 2,
                                               message: "unknown condition '\(first)\(word)'; use ?name, !invoices and the like")
                }
                condition = first == "?" ? .present(p) : .absent(p)
                text = String(text.dropFirst(1 + word.count).drop { $0 == " " })
                column = 1 + (String(raw).count - text.count)
            }
            for (offset, name) in Self.placeholders(in: text) {
                guard let p = Placeholder(rawValue: name) else {
                    let known = Placeholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
                    throw RuleFile.SyntaxError(file: path, line: index + 1, column: column + offset,
                                               message: "unknown placeholder '{\(name)}'; known: \(known)")
                }
                used.insert(p)
            }
            lines.append(Line(condition: condition, text: text))
        }
        while let last = lines.last, last.text.isEmpty, last.condition == .always { lines.removeLast() }
        guard !lines.isEmpty else {
            throw RuleFile.SyntaxError(file: path, line: 1, column: 1, message: "the template has no text")
        }
        for p in Self.required where !used.contains(p) {
            throw RuleFile.SyntaxError(file: path, line: 1, column: 1, message: "the template never says {\(p.rawValue)}")
        }
        self.lines = lines
    }

    /// The body with every placeholder filled; values are already sanitized text.
    public func render(_ values: [Placeholder: String]) -> String {
        // Written as UTF-8 bytes from the lines' pieces (appending to a String, and finding the
        // placeholders again in every line, cost more than the filling).
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        for line in lines {
            switch line.condition {
            case .always: break
            case .present(let p): if (values[p] ?? "").isEmpty { continue }
            case .absent(let p): if !(values[p] ?? "").isEmpty { continue }
            }
            for piece in line.pieces {
                switch piece {
                case .text(let bytes): out += bytes
                case .value(let p): out.append(contentsOf: (values[p] ?? "").utf8)
                }
            }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `{name}` occurrences with their character offset.
    static func placeholders(in text: String) -> [(Int, String)] {
        var found: [(Int, String)] = []
        var offset = 0
        var open: (Int, String)? = nil
        for ch in text {
            if ch == "{" { open = (offset, "") }
            else if ch == "}", let o = open { found.append(o); open = nil }
            else if open != nil { open!.1.append(ch) }
            offset += 1
        }
        return found
    }
}
