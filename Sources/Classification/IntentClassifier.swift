import Foundation
import RuleLanguage

/// How rule scores and the Bayes model combine: z(c) = bayes · log P(c | features)
/// + rules · score(c), turned into probabilities with a softmax. `train` picks the
/// two weights (and the smoothing) by cross-validation on the corpus's training split.
public struct CombinationWeights: Sendable, Codable, Hashable {
    public var bayes: Double
    public var rules: Double
    /// Below this confidence the message is flagged `needs_review`.
    public var reviewThreshold: Double
    /// Other intents at or above this probability are secondary intents.
    public var secondaryThreshold: Double

    public init(bayes: Double, rules: Double, reviewThreshold: Double = 0.5, secondaryThreshold: Double = 0.2) {
        self.bayes = bayes
        self.rules = rules
        self.reviewThreshold = reviewThreshold
        self.secondaryThreshold = secondaryThreshold
    }

    public static let untuned = CombinationWeights(bayes: 0.5, rules: 1.0)
}

/// The intent decision for one message, with each side's contribution.
public struct IntentDecision: Sendable {
    public var intent: Intent
    public var confidence: Double
    public var needsReview: Bool
    public var secondary: [Intent]
    /// Final probability per intent.
    public var scores: [Intent: Double]
    /// The model's posterior per intent (empty without a model).
    public var bayes: [Intent: Double]
    /// The rules' summed score per intent.
    public var rules: [Intent: Double]
    /// Why the decision is what it is, in one line (for `explain`).
    public var basis: String
}

public enum ClassifierMode: String, Sendable, CaseIterable {
    case combined, rules, bayes
}

public struct IntentClassifier: Sendable {
    public let engine: RuleEngine
    public let model: BayesModel
    public let weights: CombinationWeights
    public let tokenizer = BayesTokenizer()

    public init(engine: RuleEngine, model: BayesModel, weights: CombinationWeights) {
        self.engine = engine
        self.model = model
        self.weights = weights
    }

    public struct Result: Sendable {
        public var decision: IntentDecision
        public var rules: RuleEvaluation
        let input: RuleInput
        /// The model's features of the message by name (made when asked: scoring uses their hashes).
        public var features: Set<String> {
            BayesTokenizer().features(message: input.message, facts: input.facts, language: input.language,
                                      automated: rules.automated)
        }
    }

    public func classify(_ input: consuming RuleInput, mode: ClassifierMode = .combined) -> Result {
        var rulesTime = Duration.zero, modelTime = Duration.zero
        return classify(input, mode: mode, rulesTime: &rulesTime, modelTime: &modelTime)
    }

    /// The same, adding the time spent in the rules and in the model. The input is consumed: the
    /// result keeps it without a copy when the caller hands over its last one.
    public func classify(_ input: consuming RuleInput, mode: ClassifierMode, rulesTime: inout Duration, modelTime: inout Duration) -> Result {
        let clock = ContinuousClock()
        let t0 = clock.now
        let evaluation = engine.evaluate(input)
        let t1 = clock.now
        defer {
            rulesTime += t1 - t0
            modelTime += clock.now - t1
        }
        let logBayes: [Double]
        if model.isEmpty {
            logBayes = []
        } else if model.isPrecomputed {
            logBayes = model.logPosteriorRow(hashed: tokenizer.hashedFeatures(message: input.message, facts: input.facts,
                                                                             language: input.language, automated: evaluation.automated))
        } else {  // read lazily by name (deliver), or being trained
            logBayes = model.logPosteriorRow(tokenizer.orderedFeatures(message: input.message, facts: input.facts,
                                                                       language: input.language, automated: evaluation.automated))
        }
        let decision = Self.decide(rules: evaluation.scores, logBayes: logBayes, automated: evaluation.automated,
                                   weights: weights, mode: mode)
        return Result(decision: decision, rules: evaluation, input: input)
    }

    /// The combination, separate so `train` can tune it without re-running rules. `logBayes` has
    /// every intent's log posterior (an intent it lacks counts as -50), or none without a model.
    public static func decide(rules: [Intent: Double], logBayes: [Intent: Double], automated: AutomatedKind?,
                              weights: CombinationWeights, mode: ClassifierMode) -> IntentDecision {
        decide(rules: rules, logBayes: logBayes.isEmpty ? [] : Intent.allCases.map { logBayes[$0] ?? -50 },
               automated: automated, weights: weights, mode: mode)
    }

    /// The same with the model's log posteriors indexed like `Intent.allCases` (empty: no model),
    /// as scoring a message makes them: no dictionary to build and read back.
    static func decide(rules: [Intent: Double], logBayes: [Double], automated: AutomatedKind?,
                       weights: CombinationWeights, mode: ClassifierMode) -> IntentDecision {
        let intents = Intent.allCases
        var z = [Double](repeating: 0, count: intents.count)
        let useBayes = mode != .rules && !logBayes.isEmpty
        let useRules = mode != .bayes
        // By position in `intents`, not by dictionary: this runs once a message.
        if useBayes {
            let w = mode == .bayes ? 1 : weights.bayes
            for k in intents.indices { z[k] += w * logBayes[k] }
        }
        if useRules {
            let w = mode == .rules ? 1 : weights.rules
            for (intent, score) in rules { z[intents.firstIndex(of: intent)!] += w * score }
        }
        if !useBayes && rules.values.allSatisfy({ $0 <= 0 }) {
            z[intents.firstIndex(of: .other)!] += 0.5  // no model and no rule spoke: "other"
        }
        let m = z.max() ?? 0
        let e = z.map { exp($0 - m) }
        let sum = e.reduce(0, +)
        let p = e.map { $0 / sum }
        var probabilities = [Intent: Double](minimumCapacity: intents.count)
        for (k, intent) in intents.enumerated() { probabilities[intent] = p[k] }
        var top = p.indices.max { p[$0] < p[$1] }!
        var confidence = p[top]
        var basis = useBayes && useRules ? "rules and model combined" : (useRules ? "rules only" : "model only")
        // Out-of-office replies and bounces are never a billing request (SPEC §6).
        if let automated, automated == .autoReply || automated == .bounce {
            top = intents.firstIndex(of: .other)!
            confidence = max(confidence, 0.95)
            basis = "automated mail (\(automated.rawValue)) is always 'other'"
        }
        let best = intents[top]
        let secondary = intents.indices.filter { $0 != top && p[$0] >= weights.secondaryThreshold }.map { intents[$0] }
        var bayes = [Intent: Double](minimumCapacity: logBayes.count)
        for (k, lp) in logBayes.enumerated() { bayes[intents[k]] = exp(lp) }
        return IntentDecision(intent: best, confidence: confidence, needsReview: confidence < weights.reviewThreshold,
                              secondary: secondary, scores: probabilities, bayes: bayes, rules: rules, basis: basis)
    }
}
