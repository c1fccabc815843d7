/// Parses one indented line of a rule: a description, a condition, an effect or an example.
struct LineParser {
    let tokens: [LineTokenizer.Token]
    let location: SourceLocation
    private var i = 0

    init(tokens: [LineTokenizer.Token], location: SourceLocation) {
        self.tokens = tokens
        self.location = location
    }

    mutating func parse(into rule: inout Rule) throws {
        let keyword = next()!
        switch keyword.text {
        case "description":
            rule.description = try string("a quoted description")
        case "when", "unless":
            rule.conditions.append(Condition(kind: try condition(), negated: keyword.text == "unless", location: location))
        case "|":
            // Continuation of the previous line's phrase list.
            guard let last = rule.conditions.last, case .phrases(let fields, let phrases) = last.kind else {
                throw error("'|' continues a phrase list, but the line before has none", keyword)
            }
            i = 0
            let more = try phraseList(allowLeadingBar: true)
            rule.conditions[rule.conditions.count - 1].kind = .phrases(fields: fields, phrases: phrases + more)
        case "score":
            let intentToken = try word("an intent")
            guard let intent = Intent(rawValue: intentToken.text) else {
                throw error("unknown intent '\(intentToken.text)' (one of: \(Intent.allCases.map(\.rawValue).joined(separator: ", ")))", intentToken)
            }
            let n = try number()
            rule.effects.append(.score(intent, n))
        case "priority":
            guard let t = next() else { throw error("expected a level (urgent, high, normal, low) or a step (+1, -1)", keyword) }
            var level: Priority? = nil
            var steps = 0
            if t.kind == .number, let n = Int(t.text.replacingOccurrences(of: "+", with: "")) {
                steps = n
            } else if let p = Priority(rawValue: t.text) {
                level = p
            } else {
                throw error("expected a level (urgent, high, normal, low) or a step (+1, -1), found '\(t.text)'", t)
            }
            rule.effects.append(.priority(level: level, steps: steps, reason: try string("a quoted reason")))
        case "tag":
            rule.effects.append(.tag(try word("a tag").text))
        case "queue":
            rule.effects.append(.queue(try word("a queue name").text))
        case "suppress-ack":
            rule.effects.append(.suppressAcknowledgement(reason: try string("a quoted reason")))
        case "automated":
            let t = try word("an automated kind")
            guard let kind = AutomatedKind(rawValue: t.text) else {
                throw error("unknown automated kind '\(t.text)' (auto_reply, bounce, bulk, noreply)", t)
            }
            rule.effects.append(.automated(kind))
        case "expect":
            var shouldHit = true
            if let t = peek(), t.kind == .word, t.text == "not" { _ = next(); shouldHit = false }
            // `expect [not] [subject "Re: …"] [forwarded "…"] "text"`: the example's message has this
            // subject and forwarded text too.
            var subject: String? = nil, forwarded: String? = nil
            while let t = peek(), t.kind == .word, t.text == "subject" || t.text == "forwarded" {
                _ = next()
                if t.text == "subject" { subject = try string("a quoted subject") } else { forwarded = try string("a quoted forwarded text") }
            }
            rule.examples.append(Example(text: try string("a quoted example text"), subject: subject, forwarded: forwarded,
                                         shouldHit: shouldHit,
                                         location: location))
        default:
            throw error("unknown keyword '\(keyword.text)' (description, when, unless, score, priority, tag, queue, suppress-ack, automated, expect)", keyword)
        }
        if let extra = next() { throw error("unexpected '\(extra.text)' at the end of the line", extra) }
    }

    // MARK: conditions

    private mutating func condition() throws -> Condition.Kind {
        guard let first = peek() else { throw error("expected a condition", tokens[0]) }
        switch first.text {
        case "all", "any":
            _ = next()
            return .meta(all: first.text == "all", names: try nameList())
        case "rule":
            _ = next()
            return .meta(all: true, names: [try word("a rule name").text])
        case "automated":
            _ = next()
            if peek()?.text == "is" {
                _ = next()
                let t = try word("an automated kind")
                guard let kind = AutomatedKind(rawValue: t.text) else {
                    throw error("unknown automated kind '\(t.text)' (auto_reply, bounce, bulk, noreply)", t)
                }
                return .automated(kind)
            }
            return .automated(nil)
        case "language":
            _ = next()
            guard let op = next(), ["is", "in", "=="].contains(op.text) else { throw error("expected 'language is CODE'", first) }
            var codes: [String] = []
            while let t = next() {
                if t.text == "," { continue }
                guard t.kind == .word, t.text.count == 2 || t.text == "und" else { throw error("expected ISO 639-1 codes, found '\(t.text)'", t) }
                codes.append(t.text.lowercased())
            }
            guard !codes.isEmpty else { throw error("expected ISO 639-1 codes after 'language is'", op) }
            return .language(codes)
        case "amount":
            _ = next()
            let op = try comparison()
            let value = try number()
            var currency: String? = nil
            if let t = next() {
                guard t.kind == .word, t.text.count == 3, t.text.allSatisfy({ $0.isUppercase }) else {
                    throw error("expected an ISO 4217 code such as EUR, found '\(t.text)'", t)
                }
                currency = t.text
            }
            return .amount(op, value: value, currency: currency)
        case "invoices", "amounts", "references", "attachments":
            _ = next()
            let op = try comparison()
            let t = try numberToken()
            guard let n = Int(t.text) else { throw error("expected a whole number", t) }
            return .count(CountedFact(rawValue: first.text)!, op, n)
        default:
            let fields = try fieldList()
            guard let verb = next() else { throw error("expected 'has' or 'matches' after the field", first) }
            switch verb.text {
            case "has":
                return .phrases(fields: fields, phrases: try phraseList(allowLeadingBar: false))
            case "matches":
                guard let r = next(), r.kind == .regex else { throw error("expected /regex/ after 'matches'", verb) }
                return .regex(fields: fields, pattern: r.text)
            default:
                throw error("expected 'has' or 'matches', found '\(verb.text)'", verb)
            }
        }
    }

    /// `subject or new_text`, `header "Auto-Submitted"`.
    private mutating func fieldList() throws -> [TextField] {
        var fields: [TextField] = []
        while true {
            let t = try word("a field")
            if t.text == "header" {
                fields.append(.header(try string("a quoted header name")))
            } else if let f = TextField.named[t.text] {
                fields.append(f)
            } else {
                throw error("unknown field '\(t.text)' (subject, new_text, quoted, signature, forwarded, body, from, from_address, from_domain, reply_to, to, attachment_name, attachment_type, header \"Name\", amount, invoices, amounts, references, attachments, language, automated)", t)
            }
            guard peek()?.text == "or" else { return fields }
            _ = next()
        }
    }

    /// `"a" | "b", "c"`: quoted phrases separated by `|` or `,`.
    private mutating func phraseList(allowLeadingBar: Bool) throws -> [String] {
        var phrases: [String] = []
        if allowLeadingBar, peek()?.text == "|" { _ = next() }
        while let t = peek() {
            if t.kind == .string {
                _ = next()
                guard !t.text.trimmingCharacters(in: " ").isEmpty else { throw error("empty phrase", t) }
                phrases.append(t.text)
            } else if t.text == "|" || t.text == "," {
                _ = next()
            } else {
                throw error("expected a quoted phrase, found '\(t.text)'", t)
            }
        }
        guard !phrases.isEmpty || allowLeadingBar else { throw error("expected quoted phrases after 'has'", tokens[max(0, i - 1)]) }
        return phrases
    }

    /// `(a, b, c)`.
    private mutating func nameList() throws -> [String] {
        guard let open = next(), open.text == "(" else { throw error("expected '(' and rule names", tokens[max(0, i - 1)]) }
        var names: [String] = []
        while let t = next() {
            if t.text == ")" {
                guard !names.isEmpty else { throw error("expected rule names inside '( )'", t) }
                return names
            }
            if t.text == "," { continue }
            guard t.kind == .word, RuleParser.isValidName(t.text) else { throw error("expected a rule name, found '\(t.text)'", t) }
            names.append(t.text)
        }
        throw error("missing ')'", open)
    }

    // MARK: tokens

    private func peek() -> LineTokenizer.Token? { i < tokens.count ? tokens[i] : nil }

    private mutating func next() -> LineTokenizer.Token? {
        defer { i += 1 }
        return peek()
    }

    private mutating func word(_ what: String) throws -> LineTokenizer.Token {
        guard let t = next(), t.kind == .word else { throw error("expected \(what)", tokens[min(i, tokens.count) - 1]) }
        return t
    }

    private mutating func string(_ what: String) throws -> String {
        guard let t = next(), t.kind == .string else { throw error("expected \(what)", tokens[min(i, tokens.count) - 1]) }
        return t.text
    }

    private mutating func numberToken() throws -> LineTokenizer.Token {
        guard let t = next(), t.kind == .number else { throw error("expected a number", tokens[min(i, tokens.count) - 1]) }
        return t
    }

    private mutating func number() throws -> Double {
        let t = try numberToken()
        guard let n = Double(t.text.replacingOccurrences(of: "+", with: "")) else { throw error("bad number '\(t.text)'", t) }
        return n
    }

    private mutating func comparison() throws -> Comparison {
        guard let t = next(), let c = Comparison(rawValue: t.text) else {
            throw error("expected a comparison (>, >=, <, <=, ==, !=)", tokens[min(i, tokens.count) - 1])
        }
        return c
    }

    private func error(_ message: String, _ token: LineTokenizer.Token) -> Diagnostic {
        Diagnostic(file: location.file, line: location.line, column: token.column, message: message)
    }
}

private extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
