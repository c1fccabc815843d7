import Extraction
import MailModel
import RuleLanguage

/// Turns a message into the features the naive Bayes model counts: folded
/// words (case and accents removed) and bigrams of the subject and the new
/// text, with extracted facts replaced by class tokens (`<AMOUNT>`,
/// `<INVOICE>`, `<REF:order>` …) so the model learns "an amount was
/// mentioned", not the amount; numbers become `<NUM>`. Each feature counts
/// once per message.
public struct BayesTokenizer: Sendable {
    public init() {}

    public func features(message: Message, facts: ExtractedFacts, language: String,
                         automated: AutomatedKind?) -> Set<String> {
        var out = Set<String>()
        add(text: message.subject, view: .subject, prefix: "s:", facts: facts, into: &out)
        add(text: message.views.newText, view: .newText, prefix: "", facts: facts, into: &out)
        if !message.views.quoted.isEmpty { out.insert("#quoted") }
        if !message.attachments.isEmpty { out.insert("#attachment") }
        if let automated { out.insert("#automated:\(automated.rawValue)") }
        return out
    }

    private func add(text: String, view: Evidence.View, prefix: String, facts: ExtractedFacts, into out: inout Set<String>) {
        guard !text.isEmpty else { return }
        // Code-point ranges of facts in this view, with their class token.
        var spans: [(Range<Int>, String)] = []
        for i in facts.invoices where i.evidence.view == view { spans.append((i.evidence.start..<i.evidence.end, "<INVOICE>")) }
        for a in facts.amounts where a.evidence.view == view { spans.append((a.evidence.start..<a.evidence.end, "<AMOUNT>")) }
        for r in facts.references where r.evidence.view == view {
            spans.append((r.evidence.start..<r.evidence.end, "<REF:\(r.kind)>"))
        }
        var previous: String? = nil
        var copy = text
        copy.withUTF8 { bytes in
            var i = 0
            var position = 0          // code points before `i`
            let n = bytes.count
            while i < n {
                // Skip to the next word character, ending bigrams at sentence marks.
                let b = bytes[i]
                if b < 0x80 && !Self.isWordByte(b) {
                    if b == 0x2E || b == 0x3F || b == 0x21 || b == 0x0A { previous = nil }
                    i += 1
                    position += 1
                    continue
                }
                if b >= 0x80 && !Self.isWordScalar(bytes, i) {
                    i += Self.width(b)
                    position += 1
                    continue
                }
                let start = i, startPosition = position
                var allDigits = true
                while i < n {
                    let c = bytes[i]
                    if c < 0x80 {
                        guard Self.isWordByte(c) else { break }
                        if c < 0x30 || c > 0x39 { allDigits = false }
                        i += 1
                    } else {
                        guard Self.isWordScalar(bytes, i) else { break }
                        allDigits = false
                        i += Self.width(c)
                    }
                    position += 1
                }
                let range = startPosition..<position
                var token: String
                if let span = spans.first(where: { $0.0.overlaps(range) }) {
                    token = span.1
                } else if allDigits {
                    token = "<NUM>"
                } else {
                    token = TextFolding.fold(utf8: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    if token.utf8.count < 2 { previous = nil; continue }
                }
                if token == previous { continue }
                out.insert(prefix + token)
                // A crude stem (the first five letters of words of six or more) lets "refunded", "refunds"
                // and "refund" share evidence, and inflections and typos in all seven languages.
                if token.utf8.count > 5, !token.hasPrefix("<") { out.insert(prefix + "~" + String(token.prefix(5))) }
                if let previous { out.insert(prefix + previous + "_" + token) }
                previous = token
            }
        }
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == 0x27
    }

    private static func width(_ b: UInt8) -> Int {
        b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
    }

    /// A non-ASCII letter or digit at `i` (Latin letters without a table lookup).
    private static func isWordScalar(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = s[i]
        var v = UInt32(b), len = 1
        if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 } else { return false }
        var k = 1
        while k < len, i + k < s.count { v = v << 6 | UInt32(s[i + k] & 0x3F); k += 1 }
        if v >= 0xC0 && v <= 0x24F { return v != 0xD7 && v != 0xF7 }
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
