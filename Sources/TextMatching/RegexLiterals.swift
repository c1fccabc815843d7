/// What a regex cannot match without: for each top-level alternative, its
/// longest run of plain characters. A text holding none of them cannot match,
/// so the regex need not run (the combined pre-filter of the rule engine).
public enum RegexLiterals {
    /// Lower-cased literals, one per top-level alternative; nil when some
    /// alternative has no literal of at least `minimum` characters (always run it).
    public static func required(_ pattern: String, minimum: Int = 3) -> [String]? {
        let chars = Array(pattern.unicodeScalars)
        guard !pattern.hasPrefix("(?x") else { return nil }  // extended syntax: whitespace is not literal
        var branches: [[Unicode.Scalar]] = [[]]
        var depth = 0, inClass = false, escaped = false
        for c in chars {
            if escaped { branches[branches.count - 1].append("\\"); branches[branches.count - 1].append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if inClass { if c == "]" { inClass = false }; branches[branches.count - 1].append(c); continue }
            if c == "[" { inClass = true } else if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "|" && depth == 0 { branches.append([]); continue }
            branches[branches.count - 1].append(c)
        }
        var literals: [String] = []
        for branch in branches {
            guard let best = longestLiteral(branch), best.count >= minimum else { return nil }
            literals.append(best.lowercased())
        }
        return literals
    }

    /// The longest run of characters that must appear as written in this alternative.
    private static func longestLiteral(_ b: [Unicode.Scalar]) -> String? {
        var best = "", run = String.UnicodeScalarView()
        func finish() {
            if run.count > best.unicodeScalars.count { best = String(run) }
            run = String.UnicodeScalarView()
        }
        var i = 0
        while i < b.count {
            let c = b[i]
            let next: Unicode.Scalar? = i + 1 < b.count ? b[i + 1] : nil
            let optionalNext = next == "?" || next == "*" || next == "{"
            switch c {
            case "\\":
                guard let e = next else { finish(); i += 1; continue }
                // \. \- \/ stand for themselves; \b \s \w \d \p{…} and back-references do not.
                let literalEscape = !(e.properties.isAlphabetic || e.properties.numericType != nil)
                let after: Unicode.Scalar? = i + 2 < b.count ? b[i + 2] : nil
                if literalEscape, !(after == "?" || after == "*" || after == "{") {
                    run.append(e)
                } else {
                    finish()
                }
                i += 2
                continue
            case "(", ")", "[", "]", ".", "^", "$", "|", "?", "*", "{", "}":
                finish()
                if c == "(" {
                    // Skip the whole group: what is inside may be optional or an alternation.
                    var depth = 1
                    i += 1
                    while i < b.count && depth > 0 {
                        if b[i] == "\\" { i += 2; continue }
                        if b[i] == "(" { depth += 1 } else if b[i] == ")" { depth -= 1 }
                        i += 1
                    }
                    continue
                }
                if c == "[" {
                    while i < b.count && b[i] != "]" { i += b[i] == "\\" ? 2 : 1 }
                }
                if c == "{" {  // a repetition count {m,n}: not text
                    while i < b.count && b[i] != "}" { i += 1 }
                }
                i += 1
                continue
            case "+":
                finish()
                i += 1
                continue
            default:
                if optionalNext {
                    finish()
                } else {
                    run.append(c)
                    if next == "+" { finish() }
                }
                i += 1
            }
        }
        finish()
        return best
    }
}

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
        Array(text.lowercased().utf8)
    }
}
