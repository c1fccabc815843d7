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
        var word = String.UnicodeScalarView()
        var wordStart = 0
        var position = 0
        func flush() {
            defer { word = String.UnicodeScalarView() }
            guard !word.isEmpty else { return }
            let range = wordStart..<position
            var token: String
            if let span = spans.first(where: { $0.0.overlaps(range) }) {
                token = span.1
            } else {
                token = TextFolding.fold(String(word))
                if token.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) { token = "<NUM>" }
                if token.count < 2 && token != "<NUM>" { previous = nil; return }
            }
            if token == previous { return }
            out.insert(prefix + token)
            if let previous { out.insert(prefix + previous + "_" + token) }
            previous = token
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "'" {
                if word.isEmpty { wordStart = position }
                word.append(scalar)
            } else {
                flush()
                if scalar == "." || scalar == "?" || scalar == "!" || scalar == "\n" { previous = nil }  // no bigram across sentences
            }
            position += 1
        }
        flush()
    }
}
