import Testing
import Pipeline
import RuleLanguage

@Suite struct MetricsTests {
    @Test func precisionRecallF1AndConfusion() {
        let m = ClassificationMetrics(pairs: [
            (actual: .refund, predicted: .refund), (actual: .refund, predicted: .dispute),
            (actual: .dispute, predicted: .dispute), (actual: .other, predicted: .other),
        ])
        let refund = m.perIntent.first { $0.intent == "refund" }!
        #expect(refund.precision == 1 && refund.recall == 0.5)
        let dispute = m.perIntent.first { $0.intent == "dispute" }!
        #expect(dispute.precision == 0.5 && dispute.recall == 1)
        #expect(abs(m.macroF1 - (2.0 / 3 + 2.0 / 3 + 1) / 3) < 1e-9)  // intents without support are left out
        #expect(m.accuracy == 0.75)
        #expect(m.confusion[Intent.allCases.firstIndex(of: .refund)!][Intent.allCases.firstIndex(of: .dispute)!] == 1)
    }

    @Test func setMetricsAreMicroAveraged() {
        var s = SetMetrics()
        s.add(predicted: Set(["A", "B"]), expected: Set(["A"]))
        s.add(predicted: Set<String>(), expected: Set(["C"]))
        #expect(s.precision == 0.5 && s.recall == 0.5)
    }

    @Test func theSplitIsFixedByMessageID() {
        #expect(Corpus.isTest("<a@example.com>") == Corpus.isTest("<a@example.com>"))
        let ids = (0..<1000).map { "<msg-\($0)@example.org>" }
        let share = Double(ids.filter(Corpus.isTest).count) / 1000
        #expect(share > 0.15 && share < 0.25)
    }
}
