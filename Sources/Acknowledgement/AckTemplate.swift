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
        var condition: Condition
        var text: String
    }

    public let path: String
    let lines: [Line]

    /// Parses a template; unknown placeholders or conditions, a missing required
    /// placeholder, and an empty body are errors with `file:line:col`.
    public init(path: String, contents: String) throws(RuleFile.SyntaxError) {
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
        // Written as UTF-8 bytes, line by line (appending pieces to a String cost more than filling).
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        for line in lines {
            switch line.condition {
            case .always: break
            case .present(let p): if (values[p] ?? "").isEmpty { continue }
            case .absent(let p): if !(values[p] ?? "").isEmpty { continue }
            }
            Self.fill(line.text, values, into: &out)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func fill(_ text: String, _ values: [Placeholder: String], into out: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { s in
            var i = 0
            while i < s.count {
                let open = s[i...].firstIndex(of: 0x7B) ?? s.count  // {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: s[i..<open]))
                i = open
                guard i < s.count else { break }
                if let close = s[(i + 1)...].firstIndex(of: 0x7D) {  // }
                    if let p = Placeholder(rawValue: String(decoding: s[(i + 1)..<close], as: UTF8.self)) {
                        out.append(contentsOf: (values[p] ?? "").utf8)
                    } else {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[i...close]))
                    }
                    i = close + 1
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: s[i...]))
                    break
                }
            }
        }
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
