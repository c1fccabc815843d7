import MailModel
import MailParsing

/// `billtriage parse`: reads every message of a path (a file, `-`, or any
/// mailbox) and hands each decoded model to `emit`.
public struct ParseRun {
    public var limits: ParseLimits
    public var analyzer: MessageAnalyzer

    public init(limits: ParseLimits = .default, analyzer: MessageAnalyzer) {
        self.limits = limits
        self.analyzer = analyzer
    }

    public struct Summary: Sendable {
        public var messages = 0
        public var skipped: [MailboxReader.Skipped] = []
        /// Time spent in each stage, summed over the messages.
        public var times = StageTimes()
    }

    /// Reads, parses and analyzes every message of `path`, handing each to `emit`.
    @discardableResult
    public func run(path: String, emit: (MessageDump) throws -> Void) throws -> Summary {
        let reader = try MailboxReader(path: path, maxMessageBytes: limits.maxMessageBytes)
        let parser = MIMEParser(limits: limits)
        let clock = ContinuousClock()
        var summary = Summary()
        while let raw = try reader.next() {
            let t0 = clock.now
            var message = parser.parse(raw.bytes)
            message.rawSize = raw.fullSize
            summary.times.parsing += clock.now - t0
            let analysis = analyzer.analyze(message, times: &summary.times)
            try emit(MessageDump(source: raw.source, analysis: analysis))
            summary.messages += 1
        }
        summary.skipped = reader.skipped
        return summary
    }
}
