/// A language decision with what it was based on.
public struct LanguageResult: Sendable, Hashable, Codable {
    public struct Candidate: Sendable, Hashable, Codable {
        public var code: String
        /// CLD2's share of the text's bytes.
        public var percent: Int

        public init(code: String, percent: Int) {
            self.code = code
            self.percent = percent
        }
    }

    /// ISO 639-1 code, or `und`.
    public var code: String
    /// In [0, 1]; 0 for `und`.
    public var confidence: Double
    /// CLD2's candidates, best first (ISO codes).
    public var candidates: [Candidate]
    /// Why this code: shown by `explain`.
    public var reason: String

    public init(code: String, confidence: Double, candidates: [Candidate], reason: String) {
        self.code = code
        self.confidence = confidence
        self.candidates = candidates
        self.reason = reason
    }
}
