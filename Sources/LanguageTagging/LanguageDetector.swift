internal import CCLD2

/// The language of what the sender wrote now (SPEC §5): CLD2 over the new
/// text and subject, with the Content-Language header and the sender's
/// country domain as hints, narrowed to the languages the desk expects.
public struct LanguageDetector: Sendable {
    /// ISO 639-1 codes the desk expects; candidates outside it are passed over.
    public var expected: Set<String>
    /// Fewer letters than this (after removing numbers, URLs and addresses) is `und`.
    public var minimumLetters: Int

    /// A broad European set plus the languages European desks commonly receive.
    public static let defaultExpected: Set<String> = [
        "en", "es", "fr", "de", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "ro", "hu",
        "el", "tr", "ca", "hr", "sl", "bg", "ru", "uk", "lt", "lv", "et", "ga", "is", "sq", "sr", "bs",
        "mk", "mt", "eu", "gl", "cy", "lb",
    ]

    public init(expected: Set<String> = LanguageDetector.defaultExpected, minimumLetters: Int = 4) {
        self.expected = expected
        self.minimumLetters = minimumLetters
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

    public func detect(_ input: Input) -> LanguageResult {
        let body = LetterText.clean(input.newText)
        let subject = LetterText.clean(Self.strippingReplyPrefixes(input.subject))
        let letters = body.letters + subject.letters
        guard letters >= minimumLetters else {
            return LanguageResult(code: "und", confidence: 0, candidates: [], reason: "too little text (\(letters) letters)")
        }
        // The subject counts only as a hint-sized part: the new text decides.
        let text = body.letters >= 24 || subject.text.isEmpty ? body.text : subject.text + "\n" + body.text
        let hintLanguage = Self.primaryTag(input.contentLanguage)
        let tld = Self.countryTLD(input.senderDomain)
        var raw = bt_cld2_result()
        text.withCString { ptr in
            bt_cld2_detect(ptr, text.utf8.count, hintLanguage, tld, &raw)
        }
        let candidates = Self.candidates(raw)
        let usable = candidates.filter { expected.contains($0.code) }
        guard let best = usable.first else {
            return LanguageResult(code: "und", confidence: 0, candidates: candidates,
                                  reason: candidates.isEmpty ? "CLD2 found no language" : "no expected language among CLD2's candidates")
        }
        var confidence = Double(best.percent) / 100
        if raw.reliable == 0 { confidence *= 0.6 }
        if letters < 30 { confidence *= 0.8 }
        if best.code != candidates.first?.code { confidence *= 0.8 }
        let reason = raw.reliable != 0 ? "CLD2 reliable" : "CLD2 unreliable"
        return LanguageResult(code: best.code, confidence: (confidence * 100).rounded() / 100,
                              candidates: candidates, reason: reason)
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

    static func primaryTag(_ header: String) -> String {
        let first = header.split(separator: ",").first.map(String.init) ?? ""
        return String(first.split(separator: "-").first ?? "").lowercased().trimmingSpaces()
    }

    /// A two-letter country domain ("de"), nothing for generic ones (com, org, net …).
    static func countryTLD(_ domain: String) -> String {
        let tld = domain.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        return tld.count == 2 ? tld : ""
    }

    static func strippingReplyPrefixes(_ subject: String) -> String {
        var s = Substring(subject)
        let prefixes = ["re:", "aw:", "fw:", "fwd:", "wg:", "tr:", "rv:", "enc:", "r:", "antw:", "sv:", "vs:", "odp:"]
        var changed = true
        while changed {
            changed = false
            let trimmed = s.drop(while: { $0 == " " })
            for p in prefixes where trimmed.lowercased().hasPrefix(p) {
                s = trimmed.dropFirst(p.count)
                changed = true
            }
        }
        return String(s)
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
