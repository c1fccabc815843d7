import Foundation
import Testing
import Pipeline
import TicketStore

/// Training on the shipped corpus and evaluating on its held-out split, and the
/// guarantee that the test split stays unseen.
///
/// Issue 4 asks for macro-F1 0.90 on the test split; the README's "Status" gives
/// today's figures (about 0.87 combined). The bar below is a regression floor a few
/// points under today's figure, not the target.
@Suite(.serialized) struct TrainEvaluateTests {
    static let corpus = Support.repositoryRoot.appendingPathComponent("Corpus").path

    @Test func corpusIsLargeMultilingualAndLabelled() throws {
        let c = try Corpus(directory: Self.corpus)
        #expect(c.entries.count >= 900)
        let nonEnglish = c.entries.filter { ($0.label.language ?? "en") != "en" }.count
        #expect(Double(nonEnglish) / Double(c.entries.count) >= 0.35)
        for intent in ["dispute", "refund", "payment_question", "status_query", "payment_plan",
                       "payment_confirmation", "invoice_request", "account_status", "other"] {
            #expect(c.entries.filter { $0.label.intent == intent }.count >= 60, "\(intent)")
        }
        #expect(c.entries.contains { $0.label.automated != nil })
        #expect(Set(c.test.map(\.path)).isDisjoint(with: Set(c.train.map(\.path))))
    }

    @Test func trainedModelHoldsItsMacroF1OnTheTestSplit() throws {
        let model = NSTemporaryDirectory() + "bt-train-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: model) }
        let c = try Corpus(directory: Self.corpus)
        let untrained = try TriagePipeline.load(rulesDirectory: Support.rules, modelPath: model)
        let report = try Trainer(pipeline: untrained).train(c.train, store: SQLiteTokenStore(path: model))
        #expect(report.messages == c.train.count)
        let trained = try TriagePipeline.load(rulesDirectory: Support.rules, modelPath: model)
        let evaluation = Evaluator(pipeline: trained).evaluate(c.test)
        let combined = try #require(evaluation.modes["combined"])
        #expect(combined.macroF1 >= 0.82, "\(evaluation.text())")
        #expect(combined.macroF1 >= (evaluation.modes["rules"]?.macroF1 ?? 0))
        #expect(combined.macroF1 >= (evaluation.modes["bayes"]?.macroF1 ?? 0))
        #expect(evaluation.languageAccuracy >= 0.95)
        // The held-out messages no rule author has seen are reported on their own.
        let unseen = c.test.filter(\.unseenByRules)
        #expect(evaluation.unseenByRulesMessages == unseen.count)
        if !unseen.isEmpty {
            let sub = Evaluator(pipeline: trained).evaluate(unseen)
            #expect(evaluation.unseenByRules["combined"]?.macroF1 == sub.modes["combined"]?.macroF1)
            #expect(evaluation.text().contains("messages no rule author has seen"))
        }
    }
}
