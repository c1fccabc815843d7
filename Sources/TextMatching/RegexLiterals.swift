import Foundation

/// What a regex cannot match without: a set of lower-cased literals one of
/// which every match contains. A text holding none of them cannot match, so the
/// regex need not run (the combined pre-filter of the rule engine).
///
/// Conservative by construction: when in doubt (optional parts, classes,
/// negative look-arounds, extended syntax) a part yields no literal, and a
/// regex with no certain literal is simply always run.
public enum RegexLiterals {
    /// What every match of a regex holds: for one of its top-level alternatives, one literal of each
    /// of that alternative's sets (`a.*b|c` needs "a" and "b", or "c").
    public struct Requirement: Equatable, Sendable {
        public var branches: [[[String]]]
        /// One set of which every match holds a literal: each alternative's sharpest set, united
        /// (what the rule engine's gates look up).
        public var oneOf: [String]
        /// The patterns `RegexLiterals.alternatives` gives (nil when there are none), each with its
        /// sets the same way (none: it may match any text): which of them a text may match.
        public var alternatives: [Alternative]? = nil
    }

    /// One of a pattern's alternatives run alone, and the literals it needs.
    public struct Alternative: Equatable, Sendable {
        public var pattern: String
        public var sets: [[String]]
    }

    public static func required(_ pattern: String, minimum: Int = 3) -> [String]? {
        requirement(pattern, minimum: minimum)?.oneOf
    }

    public static func requirement(_ pattern: String, minimum: Int = 3) -> Requirement? {
        guard !pattern.hasPrefix("(?x") else { return nil }  // extended syntax: whitespace is not literal
        let scalars = Array(pattern.unicodeScalars)
        var branches: [[[String]]] = []
        for branch in splitTopLevel(scalars[...]) {
            guard let sets = sequence(branch, minimum) else { return nil }
            branches.append(sets)
        }
        return Requirement(branches: branches, oneOf: Array(Set(branches.flatMap { $0[0] })).sorted(),
                           alternatives: alternativeParts(scalars)?.map { Alternative(pattern: string($0[...]), sets: sequence($0[...], minimum) ?? []) })
    }

    /// The pattern's alternatives as patterns of their own, in order, when each matches alone what it
    /// matches as part of the whole: nil for a single alternative, or a pattern with
    /// back-references, inline options, named or branch-reset groups, recursion, verbs, `\Q…\E`
    /// or a class whose brackets are ambiguous. They are the top-level alternatives, each with its
    /// first group of alternatives distributed (`\b(pay|settle)\b` gives `\bpay\b` and
    /// `\bsettle\b`): each then runs only when the text holds its own literals
    /// (`Requirement.alternatives`), and starts on them. The whole pattern's first match is the one
    /// that starts first, among equals the earliest alternative's: `P(A|B)S` tries `PAS`, then `PBS`.
    public static func alternatives(_ pattern: String) -> [String]? {
        alternativeParts(Array(pattern.unicodeScalars))?.map { string($0[...]) }
    }

    /// The scalars of `alternatives`.
    private static func alternativeParts(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]]? {
        guard isCuttable(scalars) else { return nil }
        let parts = splitTopLevel(scalars[...])
        var out: [[Unicode.Scalar]] = []
        for (k, part) in parts.enumerated() {
            let distributed = distributingFirstGroup(part)
            // At most 32 patterns from one.
            if out.count + distributed.count + (parts.count - 1 - k) > 32 { out.append(Array(part)) } else { out += distributed }
        }
        guard out.count > 1, !out.contains(where: \.isEmpty) else { return nil }
        return out
    }

    /// `P(A|B)S` as `PAS` and `PBS`, when the first group at the top level of the alternative is a
    /// plain group (`(…)` or `(?:…)`, not a look-around or atomic) of several alternatives, with no
    /// quantifier after it, and `P` matches a text one way only (no quantifier: `\bx\s+(a|b)`
    /// tries `a` then `b` after each length of the spaces, `\bx\s+a|\bx\s+b` every length for `a`
    /// first, and the two can find different matches at one start); else the alternative alone.
    private static func distributingFirstGroup(_ part: ArraySlice<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var i = part.startIndex, inClass = false
        while i < part.endIndex {
            let c = part[i]
            if c == "\\" { i += 2; continue }
            if inClass { if c == "]" { inClass = false } } else if c == "[" { inClass = true } else if c == "(" { break }
            else if "?*+{".unicodeScalars.contains(c) { return [Array(part)] }
            i += 1
        }
        guard i < part.endIndex else { return [Array(part)] }
        var innerStart = i + 1
        if innerStart < part.endIndex, part[innerStart] == "?" {
            guard innerStart + 1 < part.endIndex, part[innerStart + 1] == ":" else { return [Array(part)] }
            innerStart += 2
        }
        let (k, closed) = groupEnd(part, openingAt: i)
        // `k` is past the closing parenthesis.
        guard closed, k <= part.endIndex, k - 1 >= innerStart else { return [Array(part)] }
        if k < part.endIndex, "?*+{".unicodeScalars.contains(part[k]) { return [Array(part)] }
        let inner = splitTopLevel(part[innerStart..<(k - 1)])
        guard inner.count > 1 else { return [Array(part)] }
        return inner.map { Array(part[part.startIndex..<i]) + Array($0) + Array(part[k...]) }
    }

    /// Past the parenthesis that closes the group opening at `open` (escapes and classes skipped),
    /// and whether there is one (else the end).
    private static func groupEnd(_ s: ArraySlice<Unicode.Scalar>, openingAt open: Int) -> (end: Int, closed: Bool) {
        var depth = 1, k = open + 1, inClass = false
        while k < s.endIndex && depth > 0 {
            let c = s[k]
            if c == "\\" { k += 2; continue }
            if inClass { if c == "]" { inClass = false } }
            else if c == "[" { inClass = true }
            else if c == "(" { depth += 1 }
            else if c == ")" { depth -= 1 }
            k += 1
        }
        return (k, depth == 0)
    }

    /// Whether the pattern's alternatives keep their meaning alone (`alternatives`).
    private static func isCuttable(_ scalars: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                guard i + 1 < scalars.count else { return false }
                let e = scalars[i + 1]
                // \1…\9, \g, \k: back-references; \Q: a quoted run whose "|" is no alternation.
                if ("1"..."9").contains(e) || e == "g" || e == "k" || e == "Q" { return false }
                i += 2
                continue
            }
            if c == "(" && i + 1 < scalars.count {
                if scalars[i + 1] == "*" { return false }  // (*VERB) and (*…) options
                if scalars[i + 1] == "?" {
                    // Only (?: (?= (?! (?> (?<= (?<! keep their meaning when the pattern is cut.
                    let rest = scalars[(i + 2)...].prefix(2)
                    let allowed = [":", "=", "!", ">"].contains(where: { rest.first == Unicode.Scalar($0) })
                        || rest.elementsEqual("<=".unicodeScalars) || rest.elementsEqual("<!".unicodeScalars)
                    if !allowed { return false }
                }
            }
            if c == "[" && i + 1 < scalars.count {
                // "[]…]", "[^]…]", "[[:alpha:]]": where the class ends is not read here.
                let next = scalars[i + 1]
                if next == "]" || next == "[" || (next == "^" && i + 2 < scalars.count && scalars[i + 2] == "]") { return false }
            }
            i += 1
        }
        return true
    }

    /// The scalars as a string, by their UTF-8 bytes: building a `String.UnicodeScalarView` from
    /// them cost some 400 instructions a scalar (52,000 a pattern, for every rule `deliver` decodes).
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for c in scalars { for b in c.utf8 { bytes.append(b) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The requirement of `a|b|c`: every alternative must have one; the union of their sharpest.
    private static func alternation(_ s: ArraySlice<Unicode.Scalar>, _ minimum: Int) -> [String]? {
        var result: [String] = []
        for branch in splitTopLevel(s) {
            guard let r = sequence(branch, minimum) else { return nil }
            result += r[0]
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

    /// The sets of literals a sequence requires (one literal of each): its literal runs and required
    /// groups, the sharpest first; nil when it has none. A run goes through small classes of plain
    /// characters and groups of plain strings (`d[ií]as` requires "dias" or "días").
    private static func sequence(_ b: ArraySlice<Unicode.Scalar>, _ minimum: Int) -> [[String]]? {
        var sets: [(set: [String], rarity: Double)] = []
        func consider(_ candidate: [String]?) {
            // `minimum` counts bytes, as the pre-filter compares them.
            guard let c = candidate, !c.isEmpty, c.allSatisfy({ $0.utf8.count >= minimum }),
                  !sets.contains(where: { $0.set == c }) else { return }
            // How often a text holds one of them, roughly: each alternative counts, each character of
            // it makes it rarer.
            sets.append((c, 1 / c.reduce(0.0) { $0 + pow(8, -Double($1.unicodeScalars.count)) }))
        }
        /// The run's spellings (more than one after a class or a group of plain strings).
        var run: [String.UnicodeScalarView] = [String.UnicodeScalarView()]
        func finish() {
            if !run[0].isEmpty { consider(Array(Set(run.map { String($0).lowercased() })).sorted()) }
            run = [String.UnicodeScalarView()]
        }
        func append(_ c: Unicode.Scalar) { for k in run.indices { run[k].append(c) } }
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
                    append(e)
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
                let k = groupEnd(b, openingAt: i).end
                let inner = b[(i + 1)..<max(i + 1, k - 1)]
                if optional(after: k) {
                    finish()
                } else if let spellings = plainAlternatives(inner), run.count * spellings.count <= 16 {
                    // `(é|e)`, `(?:mal|x)`: a required group of plain strings continues the run.
                    run = run.flatMap { r in spellings.map { s in var r = r; r.append(contentsOf: s.unicodeScalars); return r } }
                    if k < b.endIndex, b[k] == "+" { finish() }
                } else {
                    // Other alternatives: the run goes on into the literal text each of them starts
                    // with (`ya (aparece|est[aá] …)` requires "ya aparece" or "ya est"), then ends.
                    if !run[0].isEmpty, let starts = leadingLiterals(inner), run.count * starts.count <= 32 {
                        run = run.flatMap { r in starts.map { s in var r = r; r.append(contentsOf: s.unicodeScalars); return r } }
                    }
                    finish()
                    consider(group(inner, minimum))
                }
                i = k
            case "[":
                var k = i + 1
                while k < b.endIndex, b[k] != "]" { k += b[k] == "\\" ? 2 : 1 }
                // A required class of a few plain characters (no range, escape or negation) continues
                // the run in each of its spellings, up to 16 of them.
                let members = k < b.endIndex ? Array(Set(b[(i + 1)..<k])) : []
                let plain = (1...4).contains(members.count) && b[i + 1] != "^"
                    && !members.contains { "\\-[]^".unicodeScalars.contains($0) }
                if plain && !optional(after: k + 1) {
                    if run.count * members.count > 16 { finish() }
                    run = run.flatMap { r in members.sorted().map { m in var r = r; r.append(m); return r } }
                    if k + 1 < b.endIndex, b[k + 1] == "+" { finish() }
                } else {
                    finish()
                }
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
                    append(c)
                    if i + 1 < b.endIndex, b[i + 1] == "+" { finish() }
                }
                i += 1
            }
        }
        finish()
        // The sharpest first; the first found among equals.
        let sorted = sets.indices.sorted { sets[$0].rarity != sets[$1].rarity ? sets[$0].rarity > sets[$1].rarity : $0 < $1 }
        return sets.isEmpty ? nil : sorted.map { sets[$0].set }
    }

    /// The strings a group of plain alternatives (`a|bc`, `?:a|bc`, no syntax) can match; nil otherwise.
    private static func plainAlternatives(_ inner: ArraySlice<Unicode.Scalar>) -> [String]? {
        var body = inner
        if body.first == "?" {
            guard body.dropFirst().first == ":" else { return nil }
            body = body.dropFirst(2)
        }
        guard !body.contains(where: { "\\.^$?*+()[]{}".unicodeScalars.contains($0) }) else { return nil }
        let spellings = Array(Set(body.split(separator: "|", omittingEmptySubsequences: false).map(string))).sorted()
        return spellings.count <= 16 ? spellings : nil
    }

    /// The literal text every match of each alternative of a group (`a|bc`, `?:a|bc`) starts with,
    /// possibly empty: its characters up to the first piece of syntax, less one that is optional or
    /// repeated. Nil for a look-around, a named group or inline flags.
    private static func leadingLiterals(_ inner: ArraySlice<Unicode.Scalar>) -> [String]? {
        var body = inner
        if body.first == "?" {
            guard body.dropFirst().first == ":" else { return nil }
            body = body.dropFirst(2)
        }
        let starts = splitTopLevel(body).map { alternative -> String in
            var start = String.UnicodeScalarView()
            var i = alternative.startIndex
            while i < alternative.endIndex {
                var c = alternative[i], width = 1
                if c == "\\" {
                    // \. \- \/ stand for themselves; \b \s \w \d \p{…} and back-references do not.
                    guard i + 1 < alternative.endIndex else { break }
                    c = alternative[i + 1]
                    width = 2
                    if c.properties.isAlphabetic || c.properties.numericType != nil { break }
                } else if "\\.^$?*+|()[]{}".unicodeScalars.contains(c) {
                    break
                }
                let next = i + width
                if next < alternative.endIndex, "?*+{".unicodeScalars.contains(alternative[next]) { break }
                start.append(c)
                i = next
            }
            return String(start)
        }
        return Array(Set(starts)).sorted()
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
