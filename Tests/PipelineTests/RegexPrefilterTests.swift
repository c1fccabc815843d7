import Foundation
import Testing
import RuleLanguage
import TextMatching

/// The pre-filter is sound: whenever a shipped rule's regex matches a text, the text holds its
/// requirement as the rule engine takes it (literals of one byte or more): one literal of the
/// gate set, and for one alternative one literal of each of its sets (so skipping the regex never
/// loses a hit).
@Suite struct RegexPrefilterTests {
    /// Up to `corpusLimit` messages of Corpus, then every rule's examples.
    static func texts(_ set: RuleSet, corpusLimit: Int) -> [String] {
        var texts: [String] = []
        let corpus = Support.repositoryRoot.appendingPathComponent("Corpus")
        if let walker = FileManager.default.enumerator(atPath: corpus.path) {
            for case let path as String in walker where path.hasSuffix(".eml") {
                if let d = FileManager.default.contents(atPath: corpus.path + "/" + path) { texts.append(String(decoding: d, as: UTF8.self)) }
                if texts.count >= corpusLimit { break }
            }
        }
        for rule in set.rules { for e in rule.examples { texts.append(e.text) } }
        return texts
    }

    @Test func everyShippedRegexMatchHoldsOneOfItsLiterals() throws {
        let set = RuleSet.load(rulesDirectory: Support.rules)
        let texts = Self.texts(set, corpusLimit: 400)
        var checked = 0
        for rule in set.rules {
            for c in rule.conditions {
                guard case .regex(_, let pattern) = c.kind, let required = RegexLiterals.requirement(pattern, minimum: 1),
                      let regex = try? Regex(pattern, options: .caseInsensitive, jit: false) else { continue }
                for text in texts where regex.isMatch(text) {
                    let lowered = text.lowercased()
                    #expect(required.oneOf.contains { lowered.contains($0) }, "\(rule.name): /\(pattern)/ matched without \(required.oneOf)")
                    let holds = required.branches.contains { sets in sets.allSatisfy { set in set.contains { lowered.contains($0) } } }
                    #expect(holds, "\(rule.name): /\(pattern)/ matched without any of \(required.branches)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    /// What the rule engine does with a regex it can cut (`RegexLiterals.alternatives`) gives the
    /// whole regex's first match on every text: each alternative that matches holds its own sets
    /// of literals (so skipping it without them loses nothing), and the match that starts first,
    /// among equals the earliest alternative's, is the whole regex's.
    @Test func everyShippedRegexsAlternativesGiveItsFirstMatch() throws {
        let set = RuleSet.load(rulesDirectory: Support.rules)
        let texts = Self.texts(set, corpusLimit: 150)
        var cuts = 0, matched = 0
        for rule in set.rules {
            for c in rule.conditions {
                guard case .regex(_, let pattern) = c.kind, let parts = RegexLiterals.alternatives(pattern),
                      let cut = RegexLiterals.requirement(pattern, minimum: 1)?.alternatives,
                      let whole = try? Regex(pattern, options: .caseInsensitive) else { continue }
                // The requirement's alternatives are the patterns `alternatives` gives.
                #expect(cut.map(\.pattern) == parts, "\(pattern)")
                let sets = cut.map(\.sets)
                let alternatives = try parts.map { try Regex($0, options: .caseInsensitive) }
                cuts += 1
                for text in texts {
                    var copy = text
                    copy.withUTF8 { bytes in
                        var best: (range: Range<Int>, index: Int)? = nil
                        for (k, alternative) in alternatives.enumerated() {
                            guard let m = alternative.matches(in: bytes).first else { continue }
                            let lowered = text.lowercased()
                            #expect(sets[k].allSatisfy { set in set.contains { lowered.contains($0) } },
                                    "\(rule.name): /\(parts[k])/ matched without \(sets[k])")
                            if best == nil || m.range.lowerBound < best!.range.lowerBound { best = (m.range, k) }
                        }
                        let first = whole.matches(in: bytes).first?.range
                        #expect(best?.range == first, "\(rule.name): /\(pattern)/ best \(best.map { parts[$0.index] } ?? "") text \(text.prefix(200))")
                        if first != nil { matched += 1 }
                    }
                }
            }
        }
        #expect(cuts > 100 && matched > 100)
    }
}
