import Classification
import Foundation
import MailParsing
import RuleLanguage

/// `billtriage train`: builds the Bayes model from the corpus's training split
/// and tunes how it combines with the rules, by 5-fold cross-validation on that
/// same split (the test split is never looked at). The combination is scored on
/// the training messages no rule author has seen (`Corpus.Entry.unseenByRules`)
/// when there are at least 100 of them: on the messages the rules were tuned on,
/// the rules look better than they are on new mail and would win every weight.
public struct Trainer {
    public let pipeline: TriagePipeline

    public init(pipeline: TriagePipeline) {
        self.pipeline = pipeline
    }

    public struct Report: Sendable, Codable {
        public var messages: Int
        public var features: Int
        public var alpha: Double
        /// Complement naive Bayes chosen over the plain multinomial model.
        public var complement: Bool = false
        public var weights: CombinationWeights
        /// Cross-validated macro-F1 per mode, on the messages the combination was tuned on.
        public var crossValidated: [String: Double]
        /// How many messages the combination was tuned on, and whether they were unseen by rule authors.
        public var tunedOn: Int = 0
        public var tunedOnUnseen: Bool = false
        public var seconds: Double
    }

    /// One training message, analysed once.
    struct Example {
        var features: Set<String>
        var intent: Intent
        var rules: [Intent: Double]
        var automated: AutomatedKind?
        var fold: Int
        var unseenByRules: Bool
    }

    public func train(_ entries: [Corpus.Entry], store: TokenStore) throws -> Report {
        let start = ContinuousClock.now
        let examples = entries.enumerated().map { (i, entry) -> Example in
            let result = pipeline.run(RawMessage(source: entry.path, bytes: entry.bytes))
            return Example(features: result.classification.features, intent: Intent(rawValue: entry.label.intent)!,
                           rules: result.classification.rules.scores, automated: result.automated,
                           fold: Int(Self.hash(entry.messageID) % 5), unseenByRules: entry.unseenByRules)
        }
        let unseen = examples.indices.filter { examples[$0].unseenByRules }
        let tuning = unseen.count >= 100 ? unseen : Array(examples.indices)
        let alphas = [0.05, 0.1, 0.25, 0.5, 1.0]
        let bayesWeights = [0.03, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
        let ruleWeights = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]
        var best = (f1: -1.0, alpha: 0.5, complement: false, weights: CombinationWeights.untuned)
        var bestPosteriors: [[Intent: Double]] = []
        var crossValidated: [String: Double] = [:]
        for complement in [false, true] {
            for alpha in alphas {
                let posteriors = outOfFoldPosteriors(examples, alpha: alpha, complement: complement)
                func f1(_ w: CombinationWeights, _ mode: ClassifierMode) -> Double {
                    ClassificationMetrics(pairs: tuning.map { i in
                        (examples[i].intent, IntentClassifier.decide(rules: examples[i].rules, logBayes: posteriors[i],
                                                                      automated: examples[i].automated, weights: w, mode: mode).intent)
                    }).macroF1
                }
                let bayesOnly = f1(.untuned, .bayes)
                if bayesOnly > crossValidated["bayes", default: -1] { crossValidated["bayes"] = bayesOnly }
                for b in bayesWeights {
                    for r in ruleWeights {
                        let w = CombinationWeights(bayes: b, rules: r)
                        let score = f1(w, .combined)
                        if score > best.f1 { best = (score, alpha, complement, w); bestPosteriors = posteriors }
                    }
                }
                if crossValidated["rules"] == nil { crossValidated["rules"] = f1(.untuned, .rules) }
            }
        }
        crossValidated["combined"] = best.f1
        // Decisions depend only on the ratio of the two weights; their common scale sets how sure the
        // decision says it is. Choose the scale that makes the confidences honest (least log loss on
        // the tuning messages), so that needs_review and secondary intents mean something.
        best.weights = calibrated(best.weights, examples: examples, tuning: tuning, posteriors: bestPosteriors)
        var model = BayesModel()
        model.alpha = best.alpha
        model.complement = best.complement
        model.normalizesLength = true
        for e in examples { model.add(e.features, as: e.intent) }
        try store.replace(with: model, weights: best.weights)
        let elapsed = ContinuousClock.now - start
        return Report(messages: examples.count, features: model.vocabularySize, alpha: best.alpha,
                      complement: best.complement, weights: best.weights,
                      crossValidated: crossValidated, tunedOn: tuning.count, tunedOnUnseen: tuning.count == unseen.count,
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Out-of-fold log posteriors of every example, by 5-fold cross-validation.
    private func outOfFoldPosteriors(_ examples: [Example], alpha: Double, complement: Bool) -> [[Intent: Double]] {
        var posteriors = [[Intent: Double]](repeating: [:], count: examples.count)
        for fold in 0..<5 {
            var model = BayesModel()
            model.alpha = alpha
            model.complement = complement
            model.normalizesLength = true
            for e in examples where e.fold != fold { model.add(e.features, as: e.intent) }
            for (i, e) in examples.enumerated() where e.fold == fold { posteriors[i] = model.logPosteriors(e.features) }
        }
        return posteriors
    }

    /// `weights` scaled by the factor with the least log loss of the true intent on the tuning messages.
    private func calibrated(_ weights: CombinationWeights, examples: [Example], tuning: [Int],
                            posteriors: [[Intent: Double]]) -> CombinationWeights {
        guard !posteriors.isEmpty else { return weights }
        var best = (loss: Double.infinity, weights: weights)
        for scale in [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0] {
            let w = CombinationWeights(bayes: weights.bayes * scale, rules: weights.rules * scale,
                                       reviewThreshold: weights.reviewThreshold, secondaryThreshold: weights.secondaryThreshold)
            var loss = 0.0
            for i in tuning where examples[i].automated == nil {
                let d = IntentClassifier.decide(rules: examples[i].rules, logBayes: posteriors[i], automated: nil,
                                                weights: w, mode: .combined)
                loss -= log(max(d.scores[examples[i].intent] ?? 0, 1e-9))
            }
            if loss < best.loss { best = (loss, w) }
        }
        return best.weights
    }

    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0x84222325cbf29ce4
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }
}
