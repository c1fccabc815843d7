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

    /// Returns the number of messages read and the files that were skipped as not mail.
    @discardableResult
    public func run(path: String, emit: (MessageDump) throws -> Void) throws -> (messages: Int, skipped: [MailboxReader.Skipped]) {
        let reader = try MailboxReader(path: path, maxMessageBytes: limits.maxMessageBytes)
        let parser = MIMEParser(limits: limits)
        var count = 0
        while let raw = try reader.next() {
            var message = parser.parse(raw.bytes)
            message.rawSize = raw.fullSize
            try emit(MessageDump(source: raw.source, analysis: analyzer.analyze(message)))
            count += 1
        }
        return (count, reader.skipped)
    }
}
