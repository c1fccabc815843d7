import Foundation
import Testing
import Classification
import RuleLanguage
import TicketStore

@Suite struct SQLiteTokenStoreTests {
    private func tempPath() -> String { NSTemporaryDirectory() + "bt-model-\(UUID().uuidString).sqlite" }

    @Test func modelRoundTripsWithWeights() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = BayesModel()
        model.alpha = 0.25
        model.add(["refund", "money"], as: .refund)
        model.add(["pay", "card"], as: .paymentQuestion)
        let store = try SQLiteTokenStore(path: path)
        try store.replace(with: model, weights: CombinationWeights(bayes: 0.35, rules: 0.75))
        let (loaded, weights) = try SQLiteTokenStore(path: path).load()
        #expect(loaded.vocabularySize == model.counts.count)
        for (feature, row) in model.counts { #expect(loaded.counts(of: feature) == row) }
        #expect(loaded.counts(of: "unseen") == nil)
        #expect(loaded.documents.filter { $0.value > 0 } == model.documents)
        #expect(loaded.alpha == 0.25)
        #expect(weights == CombinationWeights(bayes: 0.35, rules: 0.75))
    }

    @Test func learningTheSameMessageTwiceCountsOnce() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteTokenStore(path: path)
        #expect(try store.learn(["refund", "late"], as: .refund, contentHash: "abc"))
        #expect(try !store.learn(["refund", "late"], as: .refund, contentHash: "abc"))
        #expect(try store.learn(["refund"], as: .refund, contentHash: "def"))
        let (model, _) = try store.load()
        #expect(model.documents[.refund] == 2)
        #expect(model.counts(of: "refund")?[Intent.allCases.firstIndex(of: .refund)!] == 2)
        #expect(model.counts(of: "late")?[Intent.allCases.firstIndex(of: .refund)!] == 1)
    }

    @Test func learningIntoALengthNormalizedModelWeighsLikeTraining() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = BayesModel()
        model.normalizesLength = true
        model.add(["refund", "money"], as: .refund)
        let store = try SQLiteTokenStore(path: path)
        try store.replace(with: model, weights: .untuned)
        #expect(try store.learn(["refund", "late", "please", "now"], as: .refund, contentHash: "abc"))
        var expected = model
        expected.add(["refund", "late", "please", "now"], as: .refund)
        let (loaded, _) = try store.load()
        #expect(loaded.normalizesLength)
        #expect(loaded.vocabularySize == expected.counts.count)
        for (feature, row) in expected.counts { #expect(loaded.counts(of: feature) == row) }
        #expect(loaded.totals[.refund] == expected.totals[.refund])
    }

    /// A loaded model's table is streamed from the file (no name → counts dictionary): it must score
    /// exactly as the same model precomputed in memory, to the last bit, for both variants.
    @Test(arguments: [false, true])
    func loadedModelScoresAsTheModelInMemory(complement: Bool) throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = BayesModel()
        model.complement = complement
        model.normalizesLength = true
        let words = ["refund", "money", "late", "invoice", "pay", "card", "plan", "month", "balance", "error", "twice"]
        for (k, intent) in Intent.allCases.enumerated() {
            for n in 0..<3 { model.add(Set((0..<4).map { words[(k * 3 + n * 5 + $0 * 7) % words.count] }), as: intent) }
        }
        try SQLiteTokenStore(path: path).replace(with: model, weights: .untuned)
        let (loaded, _) = try SQLiteTokenStore(path: path).load()
        model.precompute()
        #expect(loaded.isPrecomputed)
        for features in [["refund", "money"], ["pay", "card", "unseen", "plan"], words, ["unseen"]] {
            let hashes = features.map(BayesTokenizer.hash)
            #expect(loaded.logPosteriorRow(hashed: hashes).map(\.bitPattern) == model.logPosteriorRow(hashed: hashes).map(\.bitPattern))
        }
    }

    /// deliver's lazily loaded model reads its vocabulary size from the stored setting, kept
    /// right by `replace` and `learn`; it must equal the size of the whole table.
    @Test func lazyModelKnowsTheVocabularySizeWithoutCounting() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = BayesModel()
        model.add(["refund", "money", "back"], as: .refund)
        let store = try SQLiteTokenStore(path: path)
        try store.replace(with: model, weights: .untuned)
        #expect(try store.loadLazily().model.vocabularySize == 3)
        #expect(try store.learn(["refund", "late", "twice"], as: .refund, contentHash: "abc"))  // two new features
        #expect(try store.loadLazily().model.vocabularySize == 5)
        #expect(try store.load().model.vocabularySize == 5)
        #expect(try !store.learn(["refund", "late", "twice"], as: .refund, contentHash: "abc"))
        #expect(try SQLiteTokenStore(path: path).loadLazily().model.vocabularySize == 5)
    }

    @Test func newDatabaseFileIsPrivate() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try SQLiteTokenStore(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
