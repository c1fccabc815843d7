import MailModel

/// Totals over a parse run: what `billtriage parse --stats` prints instead of
/// every model (throughput, body sources, defects by code).
public struct ParseStats: Sendable {
    public private(set) var messages = 0
    public private(set) var bytes = 0
    public private(set) var bodySources: [BodyText.Source: Int] = [:]
    public private(set) var attachments = 0
    public private(set) var defects: [Defect.Code: Int] = [:]
    public private(set) var messagesWithDefects = 0

    public init() {}

    public mutating func add(_ message: Message) {
        messages += 1
        bytes += message.rawSize
        bodySources[message.body.source, default: 0] += 1
        attachments += message.attachments.count
        if !message.defects.isEmpty { messagesWithDefects += 1 }
        for d in message.defects { defects[d.code, default: 0] += 1 }
    }

    /// `stages`: time spent in each stage.
    public func report(seconds: Double, stages: StageTimes? = nil) -> String {
        let mb = Double(bytes) / 1_000_000
        var out = "messages     \(messages)\n"
        out += "bytes        \(bytes) (\(format(mb)) MB)\n"
        out += "seconds      \(format(seconds, digits: 3))\n"
        if seconds > 0 {
            out += "throughput   \(Int((Double(messages) / seconds).rounded())) messages/s, \(format(mb / seconds)) MB/s\n"
        }
        if let stages, messages > 0 {
            func micros(_ d: Duration) -> String {
                format((Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12) / Double(messages))
            }
            out += "per message  parse \(micros(stages.parsing)) µs, redaction \(micros(stages.redaction)) µs, "
                + "language \(micros(stages.language)) µs, extraction \(micros(stages.extraction)) µs"
                + (stages.rules > .zero ? ", rules \(micros(stages.rules)) µs, model \(micros(stages.model)) µs" : "") + "\n"
        }
        out += "body         " + BodyText.Source.allCases.map { "\($0.rawValue) \(bodySources[$0, default: 0])" }
            .joined(separator: ", ") + "\n"
        out += "attachments  \(attachments)\n"
        out += "defects      \(messagesWithDefects) messages with defects\n"
        for (code, n) in defects.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }) {
            out += "  \(code.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)) \(n)\n"
        }
        return out
    }

    private func format(_ x: Double, digits: Int = 1) -> String {
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let r = (x * p).rounded() / p
        return "\(r)"
    }
}
