import CPrefetch
import Foundation
import RuleLanguage

/// A multinomial naive Bayes model over binary features (each feature counted
/// once per message), nine classes, additive smoothing — or, with `complement`,
/// complement naive Bayes (Rennie et al. 2003): each intent is scored by how
/// poorly the *other* intents' counts explain the features, which is steadier
/// when intents have few and unevenly many training messages. With
/// `normalizesLength` (Rennie et al.'s document length normalization) a message
/// of n features adds 1/√n to each of their counts rather than 1, so long
/// messages do not outvote short ones, and a message's evidence is scaled the
/// same way when it is scored. `train` picks the variant and the smoothing by
/// cross-validation.
public struct BayesModel: Sendable {
    /// Messages per intent.
    public var documents: [Intent: Int] = [:]
    /// Sum of feature counts per intent.
    public var totals: [Intent: Double] = [:]
    /// Feature → (weighted) counts per intent (indexed like `Intent.allCases`).
    public var counts: [String: [Double]] = [:]
    /// Additive smoothing.
    public var alpha: Double = 0.5
    /// Complement naive Bayes instead of the plain multinomial model.
    public var complement = false
    /// Each message weighs 1/√(its features) per feature instead of 1 (off for models
    /// stored before it existed, so they score as they were trained).
    public var normalizesLength = false
    /// For a model read lazily (one message in `deliver`): the features are fetched on
    /// demand and the vocabulary size is stored rather than counted.
    public var lookup: (@Sendable (String) -> [Double]?)? = nil
    public var storedVocabularySize: Int? = nil
    /// Every feature's per-intent logarithms (`featureLogs`), nine to a row, found by the hash of
    /// the feature's name; made once by `precompute()` for a model that scores many messages:
    /// scoring then makes no string and takes no logarithm.
    private var table: (rows: FeatureTable, logs: [Double], constants: Constants?)? = nil

    public init() {}

    public var isEmpty: Bool { documents.values.reduce(0, +) == 0 }
    public var vocabularySize: Int { storedVocabularySize ?? counts.count }

    func row(_ feature: String) -> [Double]? { counts[feature] ?? lookup?(feature) }

    /// A feature's counts per intent (indexed like `Intent.allCases`), from `counts` or, for a
    /// loaded model, the store; nil for a feature the model has not seen.
    public func counts(of feature: String) -> [Double]? { row(feature) }

    /// The logarithms a feature's counts contribute per intent: log(count + α), or for the
    /// complement model log(the other intents' count + α).
    private func featureLogs<Row: RandomAccessCollection<Double>>(_ row: Row, into logs: inout [Double]) where Row.Index == Int {
        if complement {
            let sum = row.reduce(0, +)
            for k in row.indices { logs.append(log(sum - row[k] + alpha)) }
        } else {
            for k in row.indices { logs.append(log(row[k] + alpha)) }
        }
    }

    /// Computes every feature's logarithms once (after loading; adding a message drops them).
    public mutating func precompute() {
        let counts = counts
        let built = featureTable(expected: counts.count) { add in
            for (feature, row) in counts { row.withUnsafeBufferPointer { add(BayesTokenizer.hash(feature), $0) } }
        }
        table = (built.rows, built.logs, constants())
    }

    /// The same table for the features a store streams instead of keeping them by
    /// name: `read` passes each feature's `BayesTokenizer.hash` and counts (indexed like
    /// `Intent.allCases`) to the function it gets. What a run over many messages loads: no name →
    /// counts dictionary (two allocations per feature) is built to be thrown away. The vocabulary
    /// size becomes the number of features read; names are left to `lookup`. `count`: how many are
    /// expected (the table's first size).
    public mutating func precompute(features count: Int,
                                    read: ((_ hash: UInt64, _ counts: UnsafeBufferPointer<Double>) -> Void) throws -> Void) rethrows {
        let built = try featureTable(expected: count, read: read)
        storedVocabularySize = built.read
        table = (built.rows, built.logs, constants())
    }

    /// Each feature's row offset by hash, and its logarithms, from the features `read` passes on
    /// (the first of two names with one hash keeps the row); `read`: how many were passed.
    private func featureTable(expected: Int, read: ((UInt64, UnsafeBufferPointer<Double>) -> Void) throws -> Void) rethrows
        -> (rows: FeatureTable, logs: [Double], read: Int) {
        var rows = FeatureTable(minimumCapacity: expected), logs: [Double] = []
        logs.reserveCapacity(expected * Self.intents.count)
        var count = 0
        try read { hash, row in
            count += 1
            if rows.insert(hash, value: logs.count) { featureLogs(row, into: &logs) }
        }
        return (rows, logs, count)
    }

    /// What scoring needs besides the features' logarithms, per intent: what each is measured
    /// against, and the log prior (multinomial model only). Nil for a model with no messages.
    private struct Constants: Sendable {
        var denominators: [Double]
        var priors: [Double]
    }

    private func constants() -> Constants? {
        let totalDocs = Double(documents.values.reduce(0, +))
        guard totalDocs > 0 else { return nil }
        let v = Double(max(vocabularySize, 1))
        if complement {
            // Complement NB: the other intents' pooled counts (no prior: they already reflect the class balance).
            let all = totalCount
            return Constants(denominators: Self.intents.map { log(all - (totals[$0] ?? 0) + alpha * v) }, priors: [])
        }
        return Constants(denominators: Self.intents.map { log((totals[$0] ?? 0) + alpha * v) },
                         priors: Self.intents.map { log((Double(documents[$0] ?? 0) + 1) / (totalDocs + Double(Self.intents.count))) })
    }

    /// Every intent's weighted count, summed in `Intent.allCases` order: the counts are not whole
    /// numbers (length normalization), and summing a dictionary's values in its own order gave a
    /// total, and so confidences, that differed in the last bits from process to process.
    private var totalCount: Double { Self.intents.reduce(0) { $0 + (totals[$1] ?? 0) } }

    /// Whether `precompute()` has run: the model can score `BayesTokenizer.hashedFeatures`.
    public var isPrecomputed: Bool { table != nil }

    static let intents = Intent.allCases
    static func index(_ intent: Intent) -> Int { intents.firstIndex(of: intent)! }

    /// What one message of `featureCount` features adds to each of their counts.
    public func featureWeight(_ featureCount: Int) -> Double {
        normalizesLength && featureCount > 0 ? 1 / Double(featureCount).squareRoot() : 1
    }

    public mutating func add(_ features: Set<String>, as intent: Intent) {
        let k = Self.index(intent)
        let w = featureWeight(features.count)
        table = nil
        documents[intent, default: 0] += 1
        totals[intent, default: 0] += Double(features.count) * w
        for f in features {
            var row = counts[f] ?? [Double](repeating: 0, count: Self.intents.count)
            row[k] += w
            counts[f] = row
        }
    }

    /// Log posterior per intent, normalized (log-sum-exp) so they sum to 1 in probability.
    /// The features are summed in sorted order: a set's own order follows the process's hash seed,
    /// and so would the last bits of the sums (cross-validation in `train` scores sets).
    public func logPosteriors(_ features: Set<String>) -> [Intent: Double] {
        Self.byIntent(logPosteriorRow(features.sorted()))
    }

    /// The same indexed like `Intent.allCases` (empty for a model with no messages), summed in the
    /// order of `features` (`BayesTokenizer.orderedFeatures` for the same sum every run).
    public func logPosteriorRow<S: Sequence<String>>(_ features: S) -> [Double] {
        var logs: [Double] = [], rows: [Int] = []
        for f in features {
            guard let row = row(f) else { continue }  // unseen features carry no evidence
            rows.append(logs.count)
            featureLogs(row, into: &logs)
        }
        return logPosteriors(logs, rows: rows, constants: constants())
    }

    /// The same for features given by hash (`BayesTokenizer.hashedFeatures`); needs `precompute()`.
    public func logPosteriors(hashed features: [UInt64]) -> [Intent: Double] {
        Self.byIntent(logPosteriorRow(hashed: features))
    }

    /// The same indexed like `Intent.allCases` (empty for a model with no messages): what scoring
    /// a message needs, with no dictionary.
    public func logPosteriorRow(hashed features: [UInt64]) -> [Double] {
        guard let table else { preconditionFailure("logPosteriors(hashed:) before precompute()") }
        var rows: [Int] = []
        rows.reserveCapacity(features.count)
        table.rows.values(for: features, into: &rows)
        // Each row's logarithms asked for before the first is summed (the reads overlap).
        table.logs.withUnsafeBufferPointer { logs in
            for start in rows { billtriage_prefetch(logs.baseAddress! + start); billtriage_prefetch(logs.baseAddress! + start + 8) }
        }
        return logPosteriors(table.logs, rows: rows, constants: table.constants)
    }

    /// A row indexed like `Intent.allCases` by intent.
    static func byIntent(_ row: [Double]) -> [Intent: Double] {
        var out = [Intent: Double](minimumCapacity: row.count)
        for (k, value) in row.enumerated() { out[intents[k]] = value }
        return out
    }

    /// The posteriors from the known features' logarithms: `logs[start..<start + 9]` for each of
    /// `rows`, indexed like `Intent.allCases` (empty without constants).
    private func logPosteriors(_ logs: [Double], rows: [Int], constants: Constants?) -> [Double] {
        guard let constants else { return [] }
        let scale = featureWeight(rows.count)
        let denominators = constants.denominators
        var evidence = [Double](repeating: 0, count: Self.intents.count)
        if complement {
            // Complement NB: minus the log likelihood of the features under all the other intents' counts.
            for start in rows {
                for k in evidence.indices { evidence[k] -= logs[start + k] - denominators[k] }
            }
            return normalized(evidence.map { $0 * scale })
        }
        for start in rows {
            for k in evidence.indices { evidence[k] += logs[start + k] - denominators[k] }
        }
        return normalized(evidence.indices.map { k in constants.priors[k] + scale * evidence[k] })
    }

    /// Log-sum-exp normalization: log probabilities that sum to 1.
    private func normalized(_ scores: [Double]) -> [Double] {
        let m = scores.max() ?? 0
        let logSum = m + log(scores.reduce(0) { $0 + exp($1 - m) })
        return scores.map { $0 - logSum }
    }

    /// The features of `features` that pull hardest towards `intent` against the other intents.
    public func topFeatures(_ features: Set<String>, for intent: Intent, limit: Int = 8) -> [(feature: String, weight: Double)] {
        let v = Double(max(vocabularySize, 1))
        let k = Self.index(intent)
        let denominators = Self.intents.map { log((totals[$0] ?? 0) + alpha * v) }
        var scored: [(String, Double)] = []
        let all = totalCount
        for f in features {
            guard let row = row(f) else { continue }
            if complement {
                // How much less the other intents explain the feature than the rest do on average.
                let sum = row.reduce(0, +)
                func weight(_ j: Int) -> Double {
                    -(log(sum - row[j] + alpha) - log(all - (totals[Self.intents[j]] ?? 0) + alpha * v))
                }
                var others = 0.0
                for j in row.indices where j != k { others += weight(j) }
                scored.append((f, weight(k) - others / Double(row.count - 1)))
                continue
            }
            let own = log(row[k] + alpha) - denominators[k]
            var others = 0.0
            for j in row.indices where j != k { others += log(row[j] + alpha) - denominators[j] }
            scored.append((f, own - others / Double(row.count - 1)))
        }
        // Ties by name: the set of features has no order of its own (it differs from run to run).
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit).map { ($0.0, $0.1) }
    }
}
