import Testing
@testable import RuleLanguage

@Suite struct RuleParserTests {
    private func set(_ text: String, local: String? = nil) -> RuleSet {
        var layers = [[(path: "intents/10_test.rules", text: text)]]
        if let local { layers.append([(path: "local/site.rules", text: local)]) }
        return RuleSet.build(layers: layers)
    }

    @Test func parsesEveryConstruct() throws {
        let s = set("""
            # comment
            rule refund.money_back_es
              description "Asks for money back"
              when new_text or subject has "devolución" | "reembolso", "que me devuelvan"
                | "quiero mi dinero"
              when new_text matches /cobr\\w+ dos veces/
              unless header "Auto-Submitted" matches /^auto-/
              when amount > 100 EUR
              when invoices >= 1
              when language is es, pt
              unless automated
              score refund +3
              score dispute -1.5
              priority +1 "money back over 100 EUR"
              tag refund
              queue billing-es
              suppress-ack "handled by phone"
              expect "Quiero que me devuelvan los 120 €"
              expect not "Gracias"
              expect not subject "Re: reembolso" "Gracias"

            rule meta.any_refund
              description "meta"
              when any(refund.money_back_es)
              unless automated is bounce
              automated noreply
              priority urgent "test"
            """)
        #expect(s.errors.isEmpty, "\(s.errors)")
        let r = try #require(s.rules.first { $0.name == "refund.money_back_es" })
        #expect(r.conditions.count == 7)
        if case .phrases(let fields, let phrases) = r.conditions[0].kind {
            #expect(fields == [.newText, .subject])
            #expect(phrases == ["devolución", "reembolso", "que me devuelvan", "quiero mi dinero"])
        } else { Issue.record("expected phrases") }
        #expect(r.conditions[1].kind == .regex(fields: [.newText], pattern: "cobr\\w+ dos veces"))
        #expect(r.conditions[2].negated)
        #expect(r.conditions[3].kind == .amount(.greater, value: 100, currency: "EUR"))
        #expect(r.conditions[5].kind == .language(["es", "pt"]))
        #expect(r.effects.contains(.score(.refund, 3)) && r.effects.contains(.score(.dispute, -1.5)))
        #expect(r.effects.contains(.priority(level: nil, steps: 1, reason: "money back over 100 EUR")))
        #expect(r.examples.map(\.shouldHit) == [true, false, false])
        #expect(r.examples.map(\.subject) == [nil, nil, "Re: reembolso"])
        let meta = try #require(s.rules.first { $0.name == "meta.any_refund" })
        #expect(meta.dependencies == ["refund.money_back_es"])
        #expect(meta.effects.contains(.automated(.noreply)))
    }

    /// Each error class of SPEC §7, reported as file:line:col.
    @Test(arguments: [
        ("rule a\n  when new_text has \"x\n  score refund +1\n", "intents/10_test.rules:2:21: unterminated string"),
        ("rule a\n  when nwe_text has \"x\"\n  score refund +1\n", "intents/10_test.rules:2:8: unknown field 'nwe_text'"),
        ("rule a\n  when new_text matches /(unclosed/\n  score refund +1\n", "intents/10_test.rules:2:3: bad regex"),
        ("rule a\n  when new_text has \"x\"\n  score refund +1\nrule a\n  when new_text has \"y\"\n  score refund +1\n",
         "intents/10_test.rules:4:1: duplicate rule name 'a'"),
        ("rule a\n  when any(b, c)\n  score refund +1\nrule b\n  when new_text has \"y\"\n  score refund +1\n",
         "intents/10_test.rules:2:3: rule 'a' refers to missing rule 'c'"),
        ("rule a\n  when amount > 1000 EUR\n  when amount < 10 EUR\n  score refund +1\n",
         "intents/10_test.rules:1:1: rule 'a' can never match: no amount in EUR is both > 1000.0 and < 10.0"),
        ("rule a\n  when new_text has \"x\"\n  unless new_text has \"x\"\n  score refund +1\n",
         "intents/10_test.rules:1:1: rule 'a' can never match: the same condition appears with 'when' and 'unless'"),
        ("rule a\n  when new_text has \"x\"\n  score refnud +1\n", "intents/10_test.rules:3:9: unknown intent 'refnud'"),
        ("rule a\n  when new_text has \"x\"\n  colour red\n", "intents/10_test.rules:3:3: unknown keyword 'colour'"),
        ("  when new_text has \"x\"\n", "intents/10_test.rules:1:3: indented line outside a rule"),
        ("rule a\n  when all(a)\n  score refund +1\n", "intents/10_test.rules:1:1: meta rules form a cycle: a → a"),
    ])
    func lintReportsEachErrorClass(text: String, expected: String) {
        let s = set(text)
        #expect(s.errors.contains { $0.description.hasPrefix(expected) }, "got \(s.errors.map(\.description))")
    }

    @Test func localLayerReplacesAndDisables() {
        let shipped = "rule a\n  when new_text has \"x\"\n  score refund +1\nrule b\n  when new_text has \"y\"\n  score dispute +1\n"
        let local = "rule a\n  when new_text has \"z\"\n  score refund +2\ndisable b\n"
        let s = set(shipped, local: local)
        #expect(s.errors.isEmpty)
        #expect(s.rules.map(\.name) == ["a"])
        #expect(s.rules[0].effects == [.score(.refund, 2)])
    }

    @Test func warningsDoNotFail() {
        let s = set("rule a\n  when new_text has \"x\"\n", local: "disable nothing\n")
        #expect(s.errors.isEmpty)
        #expect(s.diagnostics.filter { $0.severity == .warning }.count == 2)
    }
}
