import Foundation
import RuleLanguage

/// A multinomial naive Bayes model over binary features (each feature counted
/// once per message), nine classes, Laplace smoothing — or, with `complement`,
/// complement naive Bayes (Rennie et al. 2003): each intent is scored by how
/// poorly the *other* intents' counts explain the features, which is steadier
/// when intents have few and unevenly many training messages. `train` picks
/// the variant by cross-validation.
public struct BayesModel: Sendable {
    /// Messages per intent.
    public var documents: [Intent: Int] = [:]
    /// Sum of feature counts per intent.
    public var totals: [Intent: Int] = [:]
    /// Feature → counts per intent (indexed like `Intent.allCases`).
    public var counts: [String: [Int32]] = [:]
    /// Additive smoothing.
    public var alpha: Double = 0.5
    /// Complement naive Bayes instead of the plain multinomial model.
    public var complement = false
    /// For a model read lazily (one message in `deliver`): the features are fetched on
    /// demand and the vocabulary size is stored rather than counted.
    public var lookup: (@Sendable (String) -> [Int32]?)? = nil
    public var storedVocabularySize: Int? = nil

    public init() {}

    public var isEmpty: Bool { documents.values.reduce(0, +) == 0 }
    public var vocabularySize: Int { storedVocabularySize ?? counts.count }

    func row(_ feature: String) -> [Int32]? { counts[feature] ?? lookup?(feature) }

    static let intents = Intent.allCases
    static func index(_ intent: Intent) -> Int { intents.firstIndex(of: intent)! }

    public mutating func add(_ features: Set<String>, as intent: Intent, weight: Int32 = 1) {
        let k = Self.index(intent)
        documents[intent, default: 0] += Int(weight)
        totals[intent, default: 0] += features.count * Int(weight)
        for f in features {
            var row = counts[f] ?? [Int32](repeating: 0, count: Self.intents.count)
            row[k] += weight
            counts[f] = row
        }
    }

    private static let tableAlpha = 0.5
    private static let logTable: [Double] = (0..<4096).map { log(Double(Int32($0)) + tableAlpha) }

    /// Log posterior per intent, normalized (log-sum-exp) so they sum to 1 in probability.
    public func logPosteriors(_ features: Set<String>) -> [Intent: Double] {
        let totalDocs = Double(documents.values.reduce(0, +))
        guard totalDocs > 0 else { return [:] }
        let v = Double(max(vocabularySize, 1))
        var scores: [Double] = Self.intents.map { intent in
            log((Double(documents[intent] ?? 0) + 1) / (totalDocs + Double(Self.intents.count)))
        }
        if complement { return normalized(complementScores(features, v: v)) }
        let denominators = Self.intents.map { log(Double(totals[$0] ?? 0) + alpha * v) }
        // log(count + alpha) for the small counts most features have, taken from a table made
        // with the same expression (nine logarithms per feature were a third of the model's time).
        let table = alpha == Self.tableAlpha ? Self.logTable : []
        for f in features {
            guard let row = row(f) else { continue }  // unseen features carry no evidence
            for k in scores.indices {
                let c = Int(row[k])
                scores[k] += (c >= 0 && c < table.count ? table[c] : log(Double(row[k]) + alpha)) - denominators[k]
            }
        }
        return normalized(scores)
    }

    /// Log-sum-exp normalization: log probabilities that sum to 1.
    private func normalized(_ scores: [Double]) -> [Intent: Double] {
        let m = scores.max() ?? 0
        let logSum = m + log(scores.reduce(0) { $0 + exp($1 - m) })
        var out: [Intent: Double] = [:]
        for (k, intent) in Self.intents.enumerated() { out[intent] = scores[k] - logSum }
        return out
    }

    /// Complement NB: minus the log likelihood of the features under all the other intents'
    /// pooled counts (no prior: the complement counts already reflect the class balance).
    private func complementScores(_ features: Set<String>, v: Double) -> [Double] {
        let all = Double(totals.values.reduce(0, +))
        let denominators = Self.intents.map { log(all - Double(totals[$0] ?? 0) + alpha * v) }
        var scores = [Double](repeating: 0, count: Self.intents.count)
        for f in features {
            guard let row = row(f) else { continue }
            let sum = row.reduce(0.0) { $0 + Double($1) }
            for k in scores.indices { scores[k] -= log(sum - Double(row[k]) + alpha) - denominators[k] }
        }
        return scores
    }

    /// The features of `features` that pull hardest towards `intent` against the other intents.
    public func topFeatures(_ features: Set<String>, for intent: Intent, limit: Int = 8) -> [(feature: String, weight: Double)] {
        let v = Double(max(vocabularySize, 1))
        let k = Self.index(intent)
        let denominators = Self.intents.map { log(Double(totals[$0] ?? 0) + alpha * v) }
        var scored: [(String, Double)] = []
        let all = Double(totals.values.reduce(0, +))
        for f in features {
            guard let row = row(f) else { continue }
            if complement {
                // How much less the other intents explain the feature than the rest do on average.
                let sum = row.reduce(0.0) { $0 + Double($1) }
                func weight(_ j: Int) -> Double {
                    -(log(sum - Double(row[j]) + alpha) - log(all - Double(totals[Self.intents[j]] ?? 0) + alpha * v))
                }
                var others = 0.0
                for j in row.indices where j != k { others += weight(j) }
                scored.append((f, weight(k) - others / Double(row.count - 1)))
                continue
            }
            let own = log(Double(row[k]) + alpha) - denominators[k]
            var others = 0.0
            for j in row.indices where j != k { others += log(Double(row[j]) + alpha) - denominators[j] }
            scored.append((f, own - others / Double(row.count - 1)))
        }
        return scored.sorted { $0.1 > $1.1 }.prefix(limit).map { ($0.0, $0.1) }
    }
}
