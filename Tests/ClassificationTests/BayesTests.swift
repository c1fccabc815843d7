import Extraction
import MailModel
import Testing
@testable import Classification
@testable import RuleLanguage

@Suite struct BayesTests {
    @Test func tokenizerFoldsWordsAndReplacesFacts() {
        var facts = ExtractedFacts()
        facts.amounts = [Amount(value: "49.90", currency: "EUR", text: "49,90 €", evidence: Evidence(view: .newText, start: 17, end: 24), note: "")]
        let m = Message(subject: "Rückerstattung", views: TextViews(newText: "Bitte erstatten 49,90 € zurück. Danke"))
        let f = BayesTokenizer().features(message: m, facts: facts, language: "de", automated: nil)
        #expect(f.contains("s:ruckerstattung"))
        #expect(f.contains("erstatten_<AMOUNT>"))
        #expect(f.contains("<AMOUNT>_zuruck"))
        #expect(!f.contains("zuruck_danke"))  // no bigram across sentences
        #expect(!f.contains("49"))
    }

    @Test func posteriorsFavourTheTrainedClassAndSumToOne() {
        var model = BayesModel()
        model.add(["refund", "money", "back"], as: .refund)
        model.add(["refund", "please"], as: .refund)
        model.add(["how", "pay", "card"], as: .paymentQuestion)
        model.add(["pay", "bank", "transfer"], as: .paymentQuestion)
        let p = model.logPosteriors(["refund", "money"])
        #expect(p.max { $0.value < $1.value }?.key == .refund)
        let total = p.values.map { exp($0) }.reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
        #expect(model.topFeatures(["refund", "money", "unknown"], for: .refund).first?.feature == "refund")
    }

    /// The intents' weighted counts are summed in one fixed order: in a dictionary's own order
    /// (which depends on its capacity, insertion history and the process's hash seed) the total
    /// of 1e16, 1 and 1 is 1e16 or 1e16 + 2, and confidences differed in their last bits.
    @Test func scoresDoNotDependOnTheOrderOfTheCountsDictionary() {
        let values: [(Intent, Double)] = [(.refund, 1e16), (.dispute, 1), (.other, 1)]
        var seen = Set<[Double]>()
        for capacity in [0, 16, 64, 256, 1024] {
            for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
                var model = BayesModel()
                model.complement = true
                model.add(["refund", "money"], as: .refund)
                model.add(["why", "charged"], as: .dispute)
                model.add(["hello"], as: .other)
                var totals = [Intent: Double](minimumCapacity: capacity)
                for k in order { totals[values[k].0] = values[k].1 }
                model.totals = totals
                let p = model.logPosteriors(["refund", "charged"])
                seen.insert(Intent.allCases.map { p[$0] ?? .nan })
            }
        }
        #expect(seen.count == 1)
    }

    /// Scoring a set of feature names (what `train`'s cross-validation does) sums them in sorted
    /// order, not in the set's own, which follows its storage and the process's hash seed.
    @Test func scoringASetDoesNotDependOnItsOrder() {
        var model = BayesModel()
        model.complement = true
        model.normalizesLength = true
        let words = (0..<60).map { "w\($0)" }
        for (k, intent) in Intent.allCases.enumerated() {
            for n in 0..<4 { model.add(Set(words.enumerated().filter { ($0.offset * 7 + k * 3 + n) % 5 < 2 }.map(\.element)), as: intent) }
        }
        var orders = Set<[String]>(), results = Set<[UInt64]>()
        for capacity in [0, 100, 1000, 5000] {
            var features = Set<String>(minimumCapacity: capacity)
            for w in words.shuffled() { features.insert(w) }
            orders.insert(Array(features))
            let p = model.logPosteriors(features)
            results.insert(Intent.allCases.map { p[$0]!.bitPattern })
        }
        #expect(orders.count > 1)  // the sets did iterate in different orders
        #expect(results.count == 1)
    }

    /// Scoring by name (`deliver`'s lazily read model) sums the features in the order found, as
    /// scoring by hash does: the same message gets the same posteriors, to the last bit, whichever
    /// way the model is read (in a set's order they changed from run to run).
    /// The lookup of a message's features at once (their slots asked for first): those in the
    /// table, in the order given, across the table's growth, with repeats and absent keys.
    @Test func featureTableLooksUpManyKeysInOrder() {
        var table = FeatureTable(minimumCapacity: 2)
        for k in 1...100 { table.insert(UInt64(k) &* 0x1234_5678_9ABC, value: k * 9) }
        let keys: [UInt64] = [7, 300, 1, 1, 99, 0xDEAD, 100].map { $0 == 0xDEAD || $0 == 300 ? $0 : $0 &* 0x1234_5678_9ABC }
        var values: [Int] = []
        table.values(for: keys, into: &values)
        #expect(values == [63, 9, 9, 891, 900])
        #expect(values == keys.compactMap { table.value(for: $0) })
    }

    @Test func scoringByNameAndByHashAgreeToTheLastBit() {
        let tokenizer = BayesTokenizer()
        // Long texts: many features, so a sum in another order differs in its last bits.
        let words = ["rechnung", "zahlung", "betrag", "erstatten", "invoice", "refund", "charged", "twice",
                     "factura", "pago", "cuenta", "paiement", "remboursement", "fattura", "rimborso", "betaling"]
        let messages = (0..<4).map { m in
            Message(subject: "Case \(m)", views: TextViews(newText: (0..<120).map { k in
                words[(k * (m + 3) + k / 7) % words.count] + (k % 5 == 0 ? "." : "")
            }.joined(separator: " ")))
        }
        var model = BayesModel()
        model.complement = true
        model.normalizesLength = true
        for (m, intent) in zip(messages, [Intent.refund, .dispute, .invoiceRequest, .paymentPlan]) {
            model.add(tokenizer.features(message: m, facts: ExtractedFacts(), language: "", automated: nil), as: intent)
        }
        var precomputed = model
        precomputed.precompute()
        for m in messages {
            let byName = model.logPosteriorRow(tokenizer.orderedFeatures(message: m, facts: ExtractedFacts(), language: "", automated: nil))
            let byHash = precomputed.logPosteriorRow(hashed: tokenizer.hashedFeatures(message: m, facts: ExtractedFacts(), language: "", automated: nil))
            #expect(byName == byHash)
        }
    }

    @Test func complementVariantFavoursTheTrainedClassEvenWhenItIsTheSmallOne() {
        var model = BayesModel()
        model.complement = true
        // Many payment questions, one refund: plain multinomial NB leans on the big class's prior.
        for k in 0..<6 { model.add(["how", "pay", "card", "bank\(k)"], as: .paymentQuestion) }
        model.add(["refund", "money", "back"], as: .refund)
        model.add(["please", "invoice", "copy"], as: .invoiceRequest)
        let p = model.logPosteriors(["refund", "money", "pay"])
        #expect(p.max { $0.value < $1.value }?.key == .refund)
        #expect(abs(p.values.map { exp($0) }.reduce(0, +) - 1) < 1e-9)
        #expect(model.topFeatures(["refund", "money", "pay"], for: .refund).first.map { $0.feature != "pay" } == true)
    }

    @Test func lengthNormalizationMakesEveryMessageWeighTheSame() {
        var model = BayesModel()
        model.normalizesLength = true
        model.add(["refund", "money", "back", "please"], as: .refund)
        model.add(["pay"], as: .paymentQuestion)
        let k = Intent.allCases.firstIndex(of: .refund)!
        #expect(model.counts["refund"]?[k] == 0.5)
        #expect(abs((model.totals[.refund] ?? 0) - 2) < 1e-12)
        #expect(model.totals[.paymentQuestion] == 1)
        // Scoring scales the evidence by 1/√(known features): a feature said twice as often does not count twice.
        let p = model.logPosteriors(["refund", "unknown"])
        #expect(p.max { $0.value < $1.value }?.key == .refund)
    }

    @Test func hashedFeaturesAreTheHashesOfTheNamedOnesAndScoreAlike() {
        var facts = ExtractedFacts()
        facts.amounts = [Amount(value: "49.90", currency: "EUR", text: "49,90 €", evidence: Evidence(view: .newText, start: 17, end: 24), note: "")]
        let m = Message(subject: "Rückerstattung Überweisung", views: TextViews(newText: "Bitte erstatten 49,90 € zurück. Danke, Grüße! Refunded refunds 2024 x Ça"))
        let tokenizer = BayesTokenizer()
        let names = tokenizer.features(message: m, facts: facts, language: "de", automated: .bulk)
        let hashes = tokenizer.hashedFeatures(message: m, facts: facts, language: "de", automated: .bulk)
        #expect(hashes.sorted() == names.map(BayesTokenizer.hash).sorted())
        #expect(names.contains("s:~uberw") && names.contains("~refun") && names.contains("#automated:bulk"))
        var model = BayesModel()
        model.complement = true
        model.normalizesLength = true
        model.add(names, as: .refund)
        model.add(["danke", "zahlung", "s:rechnung"], as: .invoiceRequest)
        model.add(["refund", "danke"], as: .dispute)
        let byName = model.logPosteriors(names.union(["unknown"]))
        model.precompute()
        let byHash = model.logPosteriors(hashed: hashes)
        for intent in Intent.allCases { #expect(abs(byName[intent]! - byHash[intent]!) < 1e-9) }
    }

    @Test func combinationUsesBothAndAutomatedIsOther() {
        let rules: [Intent: Double] = [.dispute: 3]
        let bayes: [Intent: Double] = Dictionary(uniqueKeysWithValues: Intent.allCases.map { ($0, $0 == .refund ? log(0.9) : log(0.1 / 8)) })
        let w = CombinationWeights(bayes: 0.5, rules: 1)
        #expect(IntentClassifier.decide(rules: rules, logBayes: bayes, automated: nil, weights: w, mode: .rules).intent == .dispute)
        #expect(IntentClassifier.decide(rules: rules, logBayes: bayes, automated: nil, weights: w, mode: .bayes).intent == .refund)
        let auto = IntentClassifier.decide(rules: rules, logBayes: bayes, automated: .autoReply, weights: w, mode: .combined)
        #expect(auto.intent == .other)
        let none = IntentClassifier.decide(rules: [:], logBayes: [:], automated: nil, weights: w, mode: .combined)
        #expect(none.intent == .other && none.needsReview)
    }
}

import Foundation
