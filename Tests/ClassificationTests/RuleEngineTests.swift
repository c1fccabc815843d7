import Foundation
import Extraction
import MailModel
import Testing
import TextMatching
@testable import Classification
@testable import RuleLanguage

@Suite struct RuleEngineTests {
    private func engine(_ text: String) throws -> RuleEngine {
        let set = RuleSet.build(layers: [[(path: "t.rules", text: text)]])
        return try RuleEngine(set)
    }

    private func input(_ newText: String, subject: String = "", headers: [HeaderField] = [], amounts: [Amount] = [],
                       language: String = "en") -> RuleInput {
        var facts = ExtractedFacts()
        facts.amounts = amounts
        return RuleInput(message: Message(headers: headers, subject: subject, views: TextViews(newText: newText)),
                         facts: facts, language: language)
    }

    @Test func phrasesMatchWholeWordsIgnoringCaseAndAccents() throws {
        let e = try engine("rule r\n  when new_text has \"devolucion\" | \"money back\"\n  score refund +3\n")
        #expect(e.evaluate(input("Quiero la DEVOLUCIÓN ya")).scores[.refund] == 3)
        #expect(e.evaluate(input("I want my money   back")).scores[.refund] == 3)
        #expect(e.evaluate(input("devolucionario")).hits.isEmpty)
    }

    @Test func samePhraseInTwoRulesHitsBoth() throws {
        let e = try engine("""
            rule a
              when new_text has "refund"
              score refund +2
            rule b
              when new_text has "Refund" | "charged twice"
              score dispute +1
            """)
        #expect(Set(e.evaluate(input("please refund me")).hits.map(\.name)) == ["a", "b"])
    }

    @Test func aLongerPhraseOfAnotherRuleDoesNotHideAShorterOne() throws {
        let e = try engine("""
            rule a
              when new_text has "remboursement"
              score refund +2
            rule b
              when new_text has "où en est le remboursement"
              score statusQueryFallback +0
            """.replacingOccurrences(of: "statusQueryFallback", with: "status_query"))
        #expect(Set(e.evaluate(input("Où en est le remboursement ?")).hits.map(\.name)) == ["a", "b"])
    }

    @Test func alternativesRunAloneGiveTheWholeRegexsFirstMatch() throws {
        // Three alternatives, each run only when its literals are in the text: the match reported is
        // the one that starts first, and among matches that start together the earliest alternative's.
        let e = try engine("""
            rule r
              when new_text matches /\\bpaid (on|at) \\d+|\\bwe paid\\b|\\bpaid on monday/
              score payment_confirmation +2
            """)
        let text = "Yes we paid on monday, paid on 3 May"
        #expect(e.evaluate(input(text)).hits.first?.evidence == ["new_text matches \"we paid\""])
        #expect(e.evaluate(input("so paid on monday")).hits.first?.evidence == ["new_text matches \"paid on monday\""])
        #expect(e.evaluate(input("paid on 12")).hits.first?.evidence == ["new_text matches \"paid on 12\""])
        #expect(e.evaluate(input("nothing was paid")).hits.isEmpty)
        for t in [text, "so paid on monday", "paid on 12", "nothing was paid"] {
            let reference = try Regex("\\bpaid (on|at) \\d+|\\bwe paid\\b|\\bpaid on monday", options: .caseInsensitive)
            let whole = reference.matches(in: t).first.map { String(decoding: Array(t.utf8)[$0.range], as: UTF8.self) }
            #expect(e.evaluate(input(t)).hits.first?.evidence.first == whole.map { "new_text matches \"\($0)\"" })
        }
    }

    @Test func metaRulesAndUnless() throws {
        let e = try engine("""
            rule twice
              when new_text matches /charged (me )?twice/
              score dispute +2
            rule big
              when amount > 1000 EUR
              score dispute +1
            rule big_twice
              when all(twice, big)
              unless language is de
              priority high "double charge over 1000 EUR"
            """)
        let amount = Amount(value: "1200", currency: "EUR", text: "1200 €", evidence: Evidence(view: .newText, start: 0, end: 1), note: "")
        let r = e.evaluate(input("You charged me twice", amounts: [amount]))
        #expect(r.hits.map(\.name) == ["twice", "big", "big_twice"])
        #expect(r.priorityEffects.first?.reason == "double charge over 1000 EUR")
        #expect(e.evaluate(input("You charged me twice", amounts: [amount], language: "de")).hits.count == 2)
        #expect(r.hits[0].evidence == ["new_text matches \"charged me twice\""])
    }

    @Test func automatedRulesRunFirstAndBounceOutranksAutoReply() throws {
        let e = try engine("""
            rule later
              when automated
              score other +1
            rule ooo
              when new_text has "out of office"
              automated auto_reply
            rule dsn
              when header "Content-Type" matches /multipart\\/report/
              automated bounce
            """)
        let r = e.evaluate(input("I am out of office", headers: [HeaderField(name: "Content-Type", value: "multipart/report; x", rawValue: "")]))
        #expect(r.automated == .bounce)
        #expect(r.hits.map(\.name).last == "later")
    }
}
