/// What a regex cannot match without: a set of lower-cased literals one of
/// which every match contains. A text holding none of them cannot match, so the
/// regex need not run (the combined pre-filter of the rule engine).
///
/// Conservative by construction: when in doubt (optional parts, classes,
/// negative look-arounds, extended syntax) a part yields no literal, and a
/// regex with no certain literal is simply always run.
public enum RegexLiterals {
    public static func required(_ pattern: String, minimum: Int = 3) -> [String]? {
        guard !pattern.hasPrefix("(?x") else { return nil }  // extended syntax: whitespace is not literal
        return alternation(Array(pattern.unicodeScalars)[...], minimum)
    }

    /// The requirement of `a|b|c`: every alternative must have one; the union.
    private static func alternation(_ s: ArraySlice<Unicode.Scalar>, _ minimum: Int) -> [String]? {
        var result: [String] = []
        for branch in splitTopLevel(s) {
            guard let r = sequence(branch, minimum) else { return nil }
            result += r
        }
        return Array(Set(result)).sorted()
    }

    private static func splitTopLevel(_ s: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        var branches: [ArraySlice<Unicode.Scalar>] = []
        var depth = 0, inClass = false
        var start = s.startIndex, i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "\\" { i += 2; continue }
            if inClass { if c == "]" { inClass = false } }
            else if c == "[" { inClass = true }
            else if c == "(" { depth += 1 }
            else if c == ")" { depth -= 1 }
            else if c == "|" && depth == 0 { branches.append(s[start..<i]); start = i + 1 }
            i += 1
        }
        branches.append(s[start..<min(i, s.endIndex)])
        return branches
    }

    /// The best requirement of a sequence: its longest literal run, or a required group's set.
    private static func sequence(_ b: ArraySlice<Unicode.Scalar>, _ minimum: Int) -> [String]? {
        var best: [String]? = nil
        func consider(_ candidate: [String]?) {
            guard let c = candidate, !c.isEmpty, c.allSatisfy({ $0.unicodeScalars.count >= minimum }) else { return }
            // Fewer alternatives is a sharper filter; among singles, longer is sharper.
            if let current = best {
                if c.count < current.count || (c.count == current.count && c.map(\.count).min()! > current.map(\.count).min()!) { best = c }
            } else {
                best = c
            }
        }
        var run = String.UnicodeScalarView()
        func finish() {
            if !run.isEmpty { consider([String(run).lowercased()]) }
            run = String.UnicodeScalarView()
        }
        func optional(after j: Int) -> Bool {
            guard j < b.endIndex else { return false }
            if b[j] == "?" || b[j] == "*" { return true }
            if b[j] == "{" {  // {0,…} makes it optional; {1,…} or {n} keeps it required
                var k = j + 1, digits = ""
                while k < b.endIndex, b[k] != ",", b[k] != "}" { digits.unicodeScalars.append(b[k]); k += 1 }
                return Int(digits) ?? 0 == 0
            }
            return false
        }
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            switch c {
            case "\\":
                guard i + 1 < b.endIndex else { finish(); i += 1; continue }
                let e = b[i + 1]
                // \. \- \/ stand for themselves; \b \s \w \d \p{…} and back-references do not.
                let literal = !(e.properties.isAlphabetic || e.properties.numericType != nil)
                if literal && !optional(after: i + 2) {
                    run.append(e)
                } else {
                    finish()
                    if e == "p" || e == "P", i + 2 < b.endIndex, b[i + 2] == "{" {  // \p{L}: skip the braces
                        var k = i + 2
                        while k < b.endIndex, b[k] != "}" { k += 1 }
                        i = k + 1
                        continue
                    }
                }
                i += 2
            case "(":
                finish()
                var depth = 1, k = i + 1, inClass = false
                while k < b.endIndex && depth > 0 {
                    if b[k] == "\\" { k += 2; continue }
                    if inClass { if b[k] == "]" { inClass = false } }
                    else if b[k] == "[" { inClass = true }
                    else if b[k] == "(" { depth += 1 }
                    else if b[k] == ")" { depth -= 1 }
                    k += 1
                }
                let inner = b[(i + 1)..<max(i + 1, k - 1)]
                if !optional(after: k) { consider(group(inner, minimum)) }
                i = k
            case "[":
                finish()
                var k = i + 1
                while k < b.endIndex, b[k] != "]" { k += b[k] == "\\" ? 2 : 1 }
                i = k + 1
            case "{":
                finish()
                var k = i
                while k < b.endIndex, b[k] != "}" { k += 1 }
                i = k + 1
            case ".", "^", "$", "?", "*", "+", ")", "]", "}":
                finish()
                i += 1
            default:
                if optional(after: i + 1) {
                    finish()
                } else {
                    run.append(c)
                    if i + 1 < b.endIndex, b[i + 1] == "+" { finish() }
                }
                i += 1
            }
        }
        finish()
        return best
    }

    /// A group's requirement: look-behinds, negative look-arounds and inline flags have none.
    private static func group(_ inner: ArraySlice<Unicode.Scalar>, _ minimum: Int) -> [String]? {
        var body = inner
        if body.first == "?" {
            let rest = body.dropFirst()
            if rest.first == ":" || rest.first == "=" || rest.first == ">" {
                body = rest.dropFirst()
            } else if rest.first == "<", let named = rest.firstIndex(of: ">"), rest.dropFirst().first != "=", rest.dropFirst().first != "!" {
                body = rest[(named + 1)...]
            } else {
                return nil  // (?!…), (?<=…), (?<!…), (?i), (?i:…) — no requirement taken
            }
        }
        return alternation(body, minimum)
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
