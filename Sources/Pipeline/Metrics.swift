import RuleLanguage

/// Precision, recall and F1 per intent, macro-F1 and the confusion matrix.
public struct ClassificationMetrics: Sendable, Codable {
    public struct PerIntent: Sendable, Codable {
        public var intent: String
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    public var perIntent: [PerIntent]
    public var macroF1: Double
    public var accuracy: Double
    /// confusion[actual][predicted], intents in `Intent.allCases` order.
    public var confusion: [[Int]]

    public init(pairs: [(actual: Intent, predicted: Intent)]) {
        let intents = Intent.allCases
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: intents.count), count: intents.count)
        for (a, p) in pairs { confusion[intents.firstIndex(of: a)!][intents.firstIndex(of: p)!] += 1 }
        var per: [PerIntent] = []
        for (k, intent) in intents.enumerated() {
            let tp = Double(confusion[k][k])
            let predicted = Double(confusion.map { $0[k] }.reduce(0, +))
            let actual = Double(confusion[k].reduce(0, +))
            let precision = predicted > 0 ? tp / predicted : 0
            let recall = actual > 0 ? tp / actual : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            per.append(PerIntent(intent: intent.rawValue, support: Int(actual), precision: precision, recall: recall, f1: f1))
        }
        let present = per.filter { $0.support > 0 }
        perIntent = per
        macroF1 = present.isEmpty ? 0 : present.map(\.f1).reduce(0, +) / Double(present.count)
        accuracy = pairs.isEmpty ? 0 : Double(pairs.filter { $0.actual == $0.predicted }.count) / Double(pairs.count)
        self.confusion = confusion
    }
}

/// Precision and recall of a set-valued extraction against labels (micro-averaged over items).
public struct SetMetrics: Sendable, Codable {
    public var truePositives = 0
    public var predicted = 0
    public var expected = 0

    public init() {}

    public mutating func add<T: Hashable>(predicted p: Set<T>, expected e: Set<T>) {
        truePositives += p.intersection(e).count
        predicted += p.count
        expected += e.count
    }

    public var precision: Double { predicted == 0 ? 1 : Double(truePositives) / Double(predicted) }
    public var recall: Double { expected == 0 ? 1 : Double(truePositives) / Double(expected) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}
