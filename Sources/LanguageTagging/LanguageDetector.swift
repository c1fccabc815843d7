internal import CCLD2
import Foundation

/// The language of what the sender wrote now (SPEC §5): CLD2 over the new
/// text and subject, with the Content-Language header and the sender's
/// country domain as hints, narrowed to the languages the desk expects.
public struct LanguageDetector: Sendable {
    /// ISO 639-1 codes the desk expects; candidates outside it are passed over.
    public var expected: Set<String>
    /// Fewer letters than this (after removing numbers, URLs and addresses) is `und`.
    public var minimumLetters: Int
    /// Below this many letters CLD2's best-effort guess is not asked for: `und`.
    public var minimumLettersForGuess: Int
    /// The second opinion for short or unsure texts; nil to use CLD2 alone.
    public var functionWords: FunctionWords?

    /// A broad European set plus the languages European desks commonly receive.
    public static let defaultExpected: Set<String> = [
        "en", "es", "fr", "de", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "ro", "hu",
        "el", "tr", "ca", "hr", "sl", "bg", "ru", "uk", "lt", "lv", "et", "ga", "is", "sq", "sr", "bs",
        "mk", "mt", "eu", "gl", "cy", "lb",
    ]

    public init(expected: Set<String> = LanguageDetector.defaultExpected, minimumLetters: Int = 4,
                minimumLettersForGuess: Int = 12, functionWords: FunctionWords? = nil) {
        self.expected = expected
        self.minimumLetters = minimumLetters
        self.minimumLettersForGuess = minimumLettersForGuess
        self.functionWords = functionWords
    }

    public struct Input: Sendable {
        public var newText: String
        public var subject: String
        public var contentLanguage: String
        public var senderDomain: String

        public init(newText: String, subject: String = "", contentLanguage: String = "", senderDomain: String = "") {
            self.newText = newText
            self.subject = subject
            self.contentLanguage = contentLanguage
            self.senderDomain = senderDomain
        }
    }

    /// CLD2 reads at most this many bytes: its answer no longer changes past them, its cost does.
    static let cld2Bytes = 300
    /// From this many letters on, the function words are not asked (the largest letter threshold).
    static let wordVoteLetters = 200

    public func detect(_ input: Input) -> LanguageResult {
        // A long new text is cleaned only as far as CLD2 reads it and the letter thresholds count.
        let enoughLetters = max(Self.wordVoteLetters, minimumLetters, minimumLettersForGuess)
        let body = LetterText.clean(input.newText, enough: (bytes: Self.cld2Bytes, letters: enoughLetters))
        let subject = LetterText.clean(Self.strippingReplyPrefixes(input.subject))
        let letters = body.letters + subject.letters
        guard letters >= minimumLetters else {
            return LanguageResult(code: "und", confidence: 0, candidates: [], reason: "too little text (\(letters) letters)")
        }
        // The subject counts only as a hint-sized part: the new text decides. CLD2's answer
        // does not change past a few hundred bytes of text, its cost does: cap it.
        let full = body.letters >= 24 || subject.text.isEmpty ? body.text : subject.text + "\n" + body.text
        let text = Self.prefix(full, maxBytes: Self.cld2Bytes)
        let hintLanguage = Self.primaryTag(input.contentLanguage)
        let tld = Self.countryTLD(input.senderDomain)
        var raw = bt_cld2_result()
        text.withCString { bt_cld2_detect($0, text.utf8.count, hintLanguage, tld, 0, &raw) }
        var candidates = Self.candidates(raw)
        var bestEffort = false
        if !candidates.contains(where: { expected.contains($0.code) }) {
            guard letters >= minimumLettersForGuess else {
                return LanguageResult(code: "und", confidence: 0, candidates: candidates,
                                      reason: "too little text for CLD2 (\(letters) letters)")
            }
            // Short text under CLD2's threshold: ask for its best guess.
            text.withCString { bt_cld2_detect($0, text.utf8.count, hintLanguage, tld, 1, &raw) }
            candidates = Self.candidates(raw)
            bestEffort = true
        }
        let usable = candidates.filter { expected.contains($0.code) }
        if let spanish = invertedPunctuation(input.newText + input.subject, cld2: usable.first?.code, letters: letters) {
            return spanish
        }
        let unsure = bestEffort || raw.reliable == 0 || usable.first?.code != candidates.first?.code
        if let override = secondOpinion(text, cld2: usable.first?.code, unsure: unsure, letters: letters) {
            return override
        }
        guard let best = usable.first else {
            return LanguageResult(code: "und", confidence: 0, candidates: candidates,
                                  reason: candidates.isEmpty ? "CLD2 found no language" : "no expected language among CLD2's candidates")
        }
        var confidence = Double(best.percent) / 100
        if raw.reliable == 0 { confidence *= 0.6 }
        if bestEffort { confidence *= 0.7 }
        if letters < 30 { confidence *= 0.8 }
        if best.code != candidates.first?.code { confidence *= 0.8 }
        let reason = (bestEffort ? "CLD2 best effort, " : "") + (raw.reliable != 0 ? "reliable" : "unreliable")
        return LanguageResult(code: best.code, confidence: (confidence * 100).rounded() / 100,
                              candidates: candidates, reason: reason)
    }

    /// "¿" and "¡" open questions and exclamations in Spanish (and Galician) only. In a short
    /// text CLD2 goes by a few words that other languages share ("¿Llegó transferencia?" is
    /// English to it); the mark settles it. Long texts are left to CLD2 and the function words.
    private func invertedPunctuation(_ text: String, cld2: String?, letters: Int) -> LanguageResult? {
        guard letters < 80, expected.contains("es"), cld2 != "es", cld2 != "gl",
              text.utf8.contains(0xC2), text.contains(where: { $0 == "¿" || $0 == "¡" }) else { return nil }
        return LanguageResult(code: "es", confidence: 0.8, candidates: [],
                              reason: "Spanish inverted punctuation over CLD2's \(cld2 ?? "none")")
    }

    /// The function-word vote, when it should overrule CLD2: CLD2 is unsure and the
    /// words clearly point elsewhere, or the text is short and CLD2 picked a close
    /// neighbour of the language the words clearly show.
    private func secondOpinion(_ text: String, cld2: String?, unsure: Bool, letters: Int) -> LanguageResult? {
        guard let functionWords, letters < Self.wordVoteLetters else { return nil }
        // A confident CLD2 answer outside the groups of close neighbours stands.
        if !unsure, letters >= 80 || !FunctionWords.neighbours.contains(where: { $0.contains(cld2 ?? "") }) { return nil }
        let scores = functionWords.scores(text).filter { expected.contains($0.code) }
        guard let top = scores.first, top.code != cld2 else { return nil }
        let runnerUp = scores.dropFirst().first?.hits ?? 0
        let cld2Hits = scores.first { $0.code == cld2 }?.hits ?? 0
        // The words must single out one language; against a confident CLD2 they must also beat
        // CLD2's own pick by two (a Catalan runner-up does not make a Spanish text Italian).
        guard top.hits >= 2, top.hits - runnerUp >= 1 else { return nil }
        if !unsure {
            guard let cld2, FunctionWords.areNeighbours(cld2, top.code), top.hits - cld2Hits >= 2 else { return nil }
        }
        let confidence = min(0.9, 0.5 + 0.1 * Double(top.hits - runnerUp))
        return LanguageResult(code: top.code, confidence: (confidence * 100).rounded() / 100, candidates: [],
                              reason: "function words (\(top.hits) \(top.code) vs \(runnerUp)) over CLD2's \(cld2 ?? "none")")
    }

    /// CLD2's top language for `text` with no hints and no filtering ("und" when it has none):
    /// the naive baseline billtriage is measured against.
    static func rawTopLanguage(_ text: String) -> String {
        var raw = bt_cld2_result()
        text.withCString { bt_cld2_detect($0, text.utf8.count, nil, nil, 0, &raw) }
        return candidates(raw).first?.code ?? "und"
    }

    private static func candidates(_ raw: bt_cld2_result) -> [LanguageResult.Candidate] {
        var out: [LanguageResult.Candidate] = []
        withUnsafeBytes(of: raw.top) { buffer in
            let items = buffer.bindMemory(to: bt_cld2_language.self)
            for item in items where item.percent > 0 {
                let code = withUnsafeBytes(of: item.code) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                let iso = isoCode(code)
                if iso != "un" && iso != "xxx" && !out.contains(where: { $0.code == iso }) {
                    out.append(LanguageResult.Candidate(code: iso, percent: Int(item.percent)))
                }
            }
        }
        return out
    }

    /// CLD2 codes to ISO 639-1: Norwegian is Bokmål, old Hebrew code, script suffixes dropped.
    static func isoCode(_ cld2: String) -> String {
        switch cld2 {
        case "no": return "nb"
        case "iw": return "he"
        case "zh-Hant": return "zh"
        default: return String(cld2.split(separator: "-").first ?? "")
        }
    }

    /// At most `maxBytes` of `text`, cut at a space.
    static func prefix(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: maxBytes)
        while end > text.startIndex, text.utf8[end] != 0x20 { end = text.utf8.index(before: end) }
        return String(text[..<end])
    }

    static func primaryTag(_ header: String) -> String {
        let first = header.split(separator: ",").first.map(String.init) ?? ""
        return String(first.split(separator: "-").first ?? "").lowercased().trimmingSpaces()
    }

    /// A two-letter country domain ("de"), nothing for generic ones (com, org, net …).
    static func countryTLD(_ domain: String) -> String {
        let u = domain.utf8
        if u.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            // ASCII without CR (every real domain): its bytes are its characters.
            var end = u.endIndex
            while end > u.startIndex, u[u.index(before: end)] == 0x2E { end = u.index(before: end) }
            var start = end
            while start > u.startIndex, u[u.index(before: start)] != 0x2E { start = u.index(before: start) }
            return u.distance(from: start, to: end) == 2 ? String(Substring(u[start..<end])).lowercased() : ""
        }
        // The last non-empty dot-separated label, found from the end (splitting the whole domain
        // into labels cost more than the rest of the hints).
        var rest = domain[...]
        while rest.last == "." { rest.removeLast() }
        let label = rest.lastIndex(of: ".").map { rest[rest.index(after: $0)...] } ?? rest
        let tld = label.lowercased()
        return tld.count == 2 ? tld : ""
    }

    static func strippingReplyPrefixes(_ subject: String) -> String {
        let prefixes = ["re:", "aw:", "fw:", "fwd:", "wg:", "tr:", "rv:", "enc:", "r:", "antw:", "sv:", "vs:", "odp:"]
        var s = Substring(subject)
        while true {
            s = s.drop(while: { $0 == " " })
            // Every prefix ends in a colon: without a colon byte (most subjects) there is none to find.
            guard s.utf8.contains(0x3A), let colon = s.prefix(6).firstIndex(of: ":"),
                  prefixes.contains(s[...colon].lowercased()) else { return String(s) }
            s = s[s.index(after: colon)...]
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
