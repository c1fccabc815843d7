import Extraction
import LanguageTagging
import MailModel

/// The analysis stages that follow parsing, in order: card redaction (so
/// nothing later sees a card number), language of the new text, extraction
/// of invoices, amounts and references.
public struct MessageAnalyzer: Sendable {
    public let extractor: FactExtractor
    public let detector: LanguageDetector
    private let redactor = CardRedactor()

    public init(extractor: FactExtractor, detector: LanguageDetector = LanguageDetector()) {
        self.extractor = extractor
        self.detector = detector
    }

    /// Loads the extraction patterns from `rules/extraction` and the function words
    /// from `rules/language`; `languages` is the set the desk expects (nil: the default set).
    /// `jit`: false for one message (`ExtractionPatterns`).
    public init(rulesDirectory: String, languages: Set<String>? = nil, jit: Bool = true) throws {
        let words = try FunctionWords(file: rulesDirectory + "/language/function-words.rules")
        self.init(extractor: FactExtractor(patterns: try ExtractionPatterns(directory: rulesDirectory + "/extraction", jit: jit)),
                  detector: LanguageDetector(expected: languages ?? LanguageDetector.defaultExpected, functionWords: words))
    }

    public func analyze(_ parsed: consuming Message) -> MessageAnalysis {
        var ignored = StageTimes()
        return analyze(parsed, times: &ignored)
    }

    /// The same, adding the time each stage took to `times`. The parsed message is consumed: the
    /// redacted one is made from it in place when the caller hands over its last copy.
    public func analyze(_ parsed: consuming Message, times: inout StageTimes) -> MessageAnalysis {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (message, cards) = redactor.redact(consume parsed)
        let t1 = clock.now
        let sender = message.from.first?.domain ?? ""
        let language = detector.detect(LanguageDetector.Input(
            newText: message.views.newText, subject: message.subject,
            contentLanguage: message.header("Content-Language") ?? "", senderDomain: sender))
        let t2 = clock.now
        var facts = extractor.extract(message, context: FactExtractor.Context(language: language.code, senderDomain: sender))
        facts.redactedCards = cards
        let t3 = clock.now
        times.redaction += t1 - t0
        times.language += t2 - t1
        times.extraction += t3 - t2
        return MessageAnalysis(message: message, facts: facts, language: language)
    }
}

/// Time spent per analysis stage, summed over messages.
public struct StageTimes: Sendable {
    public var parsing: Duration = .zero
    public var redaction: Duration = .zero
    public var language: Duration = .zero
    public var extraction: Duration = .zero
    public var rules: Duration = .zero
    public var model: Duration = .zero

    public init() {}
}

/// A parsed message with what the analysis stages found.
public struct MessageAnalysis: Sendable {
    /// The message with card numbers redacted.
    public var message: Message
    public var facts: ExtractedFacts
    public var language: LanguageResult
}
