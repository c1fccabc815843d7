import Foundation
import TextMatching

/// The analyst-editable extraction data of `Rules/extraction/`, compiled:
/// one PCRE2 pass finds every label (invoice and reference kinds at once),
/// one finds every amount. See Rules/extraction/README.md for the syntax.
public final class ExtractionPatterns: Sendable {
    /// What a label introduces.
    struct LabelKind: Sendable {
        /// "invoice" or a reference kind ("order", "vat" …).
        var kind: String
        /// A plural label may introduce a list of numbers.
        var plural: Bool
    }

    /// Every label of every kind, matched in one pass.
    let labels: KeywordTrie
    /// Trie payload → what its label introduces.
    let labelKinds: [LabelKind]
    let gap: Regex
    let joiner: Regex
    let number: Regex
    let minDigits: Int
    /// (kind, regex): numbers that need no label.
    let standalone: [(kind: String, regex: Regex)]
    /// The number part of an amount, matched anchored where a number starts.
    let amountNumber: Regex
    /// Currency symbols as bytes, longest first ("US$" before "$").
    let symbolsLongestFirst: [(bytes: [UInt8], code: String)]
    /// Words that make a bracketed amount a negative one (statement, balance, credit …).
    let negativeCues: KeywordTrie
    /// Currency words (codes, names); payload indexes `currencyCodes`.
    let currencyTrie: KeywordTrie
    let currencyCodes: [String]
    let amountWords: Regex
    /// The currency words an amount in words ends with: a cheap test before `amountWords`.
    let amountWordCurrencies: KeywordTrie
    /// Currency marker as written (symbols exact, words folded) → ISO code, "$" or "kr".
    let currencySymbols: [String: String]
    let currencyWords: [String: String]
    let krByLanguage: [String: String]
    let dollarByDomain: [String: String]
    /// Whether the regexes are compiled with JIT (a run over many messages) or for the interpreter.
    let jit: Bool

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Loads `invoices.rules`, `references.rules`, `common.rules` and `currencies.rules` from `directory`.
    /// `jit`: the regexes are compiled with JIT (a run over many messages), else for the interpreter
    /// (`deliver`: one message matches less than JIT costs).
    public convenience init(directory: String, jit: Bool = true) throws {
        func read(_ name: String) throws -> RuleFile {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError(description: "\(path): cannot read")
            }
            return try RuleFile(path: path, contents: String(decoding: data, as: UTF8.self))
        }
        try self.init(invoices: read("invoices.rules"), references: read("references.rules"),
                      common: read("common.rules"), currencies: read("currencies.rules"), jit: jit)
    }

    init(invoices: RuleFile, references: RuleFile, common: RuleFile, currencies: RuleFile, jit: Bool = true) throws {
        self.jit = jit
        var groups: [(LabelKind, [String])] = []
        var standalone: [(String, Regex)] = []
        var singular: [String] = [], plural: [String] = []
        for e in invoices.entries {
            if e.key.hasPrefix("label") { singular += RuleFile.phrases(e.value) }
            else if e.key.hasPrefix("plural") { plural += RuleFile.phrases(e.value) }
            else if e.key == "standalone" { standalone.append(("invoice", try Self.compile(e.value, e, invoices.path, jit: jit))) }
            else { throw Self.unknownKey(e, invoices.path) }
        }
        groups.append((LabelKind(kind: "invoice", plural: false), singular))
        groups.append((LabelKind(kind: "invoice", plural: true), plural))
        var referenceLabels: [(String, [String])] = []
        for e in references.entries {
            guard !e.section.isEmpty else { throw LoadError(description: "\(references.path):\(e.line):1: entry outside a [kind] section") }
            switch e.key {
            case "label": referenceLabels.append((e.section, RuleFile.phrases(e.value)))
            case "standalone": standalone.append((e.section, try Self.compile(e.value, e, references.path, jit: jit)))
            default: throw Self.unknownKey(e, references.path)
            }
        }
        for (kind, phrases) in referenceLabels { groups.append((LabelKind(kind: kind, plural: false), phrases)) }

        // One trie for all labels; the payload says which kind each introduces.
        var entries: [(phrase: String, payload: Int)] = []
        for (index, group) in groups.enumerated() {
            entries += group.1.map { (phrase: $0, payload: index) }
        }
        labels = KeywordTrie(entries)
        labelKinds = groups.map(\.0)

        var connectors: [String] = [], joiners: [String] = [], cues: [String] = []
        var numberSource = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}]|[-/.](?=[\\p{L}\\p{N}]))*"
        var minDigits = 3
        for e in common.entries {
            switch e.key {
            case "connector": connectors += RuleFile.phrases(e.value)
            case "joiner": joiners += RuleFile.phrases(e.value)
            case "number": numberSource = e.value
            case "min-digits": minDigits = Int(e.value) ?? 3
            case "bracket-negative-cue": cues += RuleFile.phrases(e.value)
            default: throw Self.unknownKey(e, common.path)
            }
        }
        let wordConnectors = connectors.filter { $0.first?.isLetter ?? false }
        gap = try Regex("(?:[\\s_:#.]+|" + PhrasePattern.alternation(wordConnectors) + ")*", options: [.caseInsensitive, .anchored], jit: jit)
        let wordJoiners = joiners.filter { $0.first?.isLetter ?? false }
        let symbolJoiners = joiners.filter { !($0.first?.isLetter ?? true) }.map { "\\" + $0 }.joined()
        joiner = try Regex("\\s*(?:[" + symbolJoiners + "]|" + PhrasePattern.alternation(wordJoiners) + ")\\s*",
                           options: [.caseInsensitive, .anchored], jit: jit)
        number = try Regex(numberSource, options: .anchored, jit: jit)
        negativeCues = KeywordTrie(cues.map { (phrase: $0, payload: 0) })
        self.minDigits = minDigits
        self.standalone = standalone

        // Currencies.
        var symbols: [String: String] = ["$": "$"]
        var words: [String: String] = ["kr": "kr", "kr.": "kr"]
        var kr: [String: String] = [:], dollar: [String: String] = [:]
        for e in currencies.entries {
            switch e.section {
            case "kr": kr[e.key] = e.value
            case "dollar-domains": dollar[e.key] = e.value
            default:
                if e.key == "symbol" { for s in RuleFile.phrases(e.value) { symbols[s] = e.section } }
                else if e.key == "word" { for w in RuleFile.phrases(e.value) { words[Self.foldWord(w)] = e.section } }
                else { throw Self.unknownKey(e, currencies.path) }
            }
        }
        currencySymbols = symbols
        currencyWords = words
        krByLanguage = kr
        dollarByDomain = dollar
        symbolsLongestFirst = symbols.map { (bytes: Array($0.key.utf8), code: $0.value) }
            .sorted { $0.bytes.count > $1.bytes.count }
        let codes = Array(Set(words.values)).sorted()
        currencyCodes = codes
        currencyTrie = KeywordTrie(words.map { (phrase: $0.key, payload: codes.firstIndex(of: $0.value)!) })
        amountNumber = try Regex(
            "(?:\\d{1,3}(?:,\\d{2})+,\\d{3}(?:\\.\\d{1,2})?"  // Indian grouping: 1,18,000.00
            + "|\\d{1,3}(?:[.,'\\x{2019}\\x{A0}\\x{202F} ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)"
            + "(?:[.,](?:\\x{2013}|\\x{2014}|-{1,2}))?(?!\\d)(?:\\s?[kK](?!\\p{L}))?", options: .anchored, jit: jit)
        amountWordCurrencies = KeywordTrie(["dollars", "bucks", "euros", "pounds", "quid"].map { (phrase: $0, payload: 0) })
        amountWords = try Regex(
            "(?<![\\p{L}])(?<n>(?:(?:" + NumberWords.alternation + ")(?:[\\s-]+(?:and[\\s-]+)?|$))+?)"
            + "\\s*(?<c>dollars|bucks|euros|pounds|quid)(?!\\p{L})",
            options: .caseInsensitive, jit: jit)
    }

    static func foldWord(_ w: String) -> String {
        String(w.lowercased().unicodeScalars.filter { !(0x300...0x36F).contains($0.value) })
    }

    private static func compile(_ source: String, _ e: RuleFile.Entry, _ path: String, jit: Bool) throws -> Regex {
        do { return try Regex(source, options: .caseInsensitive, jit: jit) } catch {
            let column = e.key.count + 3 + error.offset
            throw LoadError(description: "\(path):\(e.line):\(column): bad regex: \(error.message)")
        }
    }

    private static func unknownKey(_ e: RuleFile.Entry, _ path: String) -> LoadError {
        LoadError(description: "\(path):\(e.line):1: unknown key '\(e.key)'")
    }
}
