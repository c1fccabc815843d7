import Classification
import Extraction
import LanguageTagging
import MailModel
import MailParsing
import RuleLanguage

/// The stages of SPEC §2 up to classification, named and in order:
/// parse → redact → language → extract → rules + model → decision.
public struct TriagePipeline: Sendable {
    public let parser: MIMEParser
    public let analyzer: MessageAnalyzer
    public let classifier: IntentClassifier

    public init(parser: MIMEParser = MIMEParser(), analyzer: MessageAnalyzer, classifier: IntentClassifier) {
        self.parser = parser
        self.analyzer = analyzer
        self.classifier = classifier
    }

    /// Loads rules, patterns and the model: what every command that classifies needs.
    /// `lazyModel`: one message (deliver): the model is read lazily, each rule's regex is interpreted
    /// for its first uses and the extraction regexes are not compiled with JIT. Otherwise the run is taken to be long: regexes are compiled with JIT at
    /// their first use.
    public static func load(rulesDirectory: String, modelPath: String, languages: Set<String>? = nil,
                            limits: ParseLimits = .default, lazyModel: Bool = false) throws -> TriagePipeline {
        let engine = try RuleCache.engine(rulesDirectory: rulesDirectory)
        if !lazyModel { engine.compileRegexesWithJITFromFirstUse() }
        let (model, weights) = try ModelLocation.loadModel(at: modelPath, lazily: lazyModel)
        let analyzer = try MessageAnalyzer(rulesDirectory: rulesDirectory, languages: languages, jit: !lazyModel)
        return TriagePipeline(parser: MIMEParser(limits: limits),
                              analyzer: analyzer,
                              classifier: IntentClassifier(engine: engine, model: model, weights: weights ?? .untuned))
    }

    public func run(_ raw: RawMessage, mode: ClassifierMode = .combined) -> TriageResult {
        var times = StageTimes()
        return run(raw, mode: mode, times: &times)
    }

    /// The same, adding each stage's time to `times`.
    public func run(_ raw: RawMessage, mode: ClassifierMode = .combined, times: inout StageTimes) -> TriageResult {
        let t0 = ContinuousClock.now
        var message = parser.parse(raw.bytes)
        message.rawSize = raw.fullSize
        times.parsing += ContinuousClock.now - t0
        return run(message: consume message, source: raw.source, mode: mode, times: &times)
    }

    public func run(message: consuming Message, source: String, mode: ClassifierMode = .combined) -> TriageResult {
        var times = StageTimes()
        return run(message: message, source: source, mode: mode, times: &times)
    }

    /// The message is consumed (each stage hands its values on rather than copying them).
    public func run(message: consuming Message, source: String, mode: ClassifierMode, times: inout StageTimes) -> TriageResult {
        let analysis = analyzer.analyze(consume message, times: &times)
        let input = RuleInput(message: analysis.message, facts: analysis.facts, language: analysis.language.code)
        let classified = classifier.classify(consume input, mode: mode, rulesTime: &times.rules, modelTime: &times.model)
        return TriageResult(source: source, analysis: analysis, classification: classified)
    }
}

/// Everything the pipeline decided about one message.
public struct TriageResult: Sendable {
    public var source: String
    public var analysis: MessageAnalysis
    public var classification: IntentClassifier.Result

    /// Lent, not copied (a copy of a message is a retain and release of each of its texts and arrays).
    public var message: Message { _read { yield analysis.message } }
    public var decision: IntentDecision { classification.decision }
    public var automated: AutomatedKind? { classification.rules.automated }
}
