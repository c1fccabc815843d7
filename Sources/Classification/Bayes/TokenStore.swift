import RuleLanguage

/// Where a Bayes model lives (SQLite in TicketStore; memory in tests).
public protocol TokenStore: Sendable {
    /// The whole model, plus the combination weights `train` chose.
    func load() throws -> (model: BayesModel, weights: CombinationWeights?)
    /// Replaces the stored model.
    func replace(with model: BayesModel, weights: CombinationWeights) throws
    /// Adds one labelled message unless a message with this content hash was learned
    /// before; returns false when it was (learning twice counts once).
    func learn(_ features: Set<String>, as intent: Intent, contentHash: String) throws -> Bool
}
