import Foundation
import Pipeline

/// The summary printed at the end of `batch`.
enum BatchSummaryTable {
    static func render(_ s: BatchRunner.Summary, dryRun: Bool, database: String?,
                       acknowledgements handed: AckDispatcher.Report? = nil) -> String {
        var out = "\n"
        out += String(format: "%d messages in %.1f s (%.0f msg/s)\n", s.messages, s.seconds,
                      s.seconds > 0 ? Double(s.messages) / s.seconds : 0)
        if !dryRun {
            out += "tickets: \(s.created) created, \(s.followUps) follow-ups, \(s.notes) notes, \(s.duplicates) duplicates"
                + (database.map { " — \($0)" } ?? "") + "\n"
        }
        func section(_ title: String, _ counts: [String: Int]) {
            out += title.padding(toLength: 11, withPad: " ", startingAt: 0)
                + counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                    .map { "\($0.key) \($0.value)" }.joined(separator: "  ") + "\n"
        }
        section("intent", s.intents)
        section("language", s.languages)
        section("priority", s.priorities)
        section("automated", s.automated)
        if !dryRun { section("ack", s.acknowledgements) }
        if let h = handed {
            out += "handed over: \(h.delivered) delivered, \(h.deferred) deferred (retried next run), \(h.failed) given up\n"
            for e in h.errors { out += "  \(e)\n" }
        }
        out += "errors     \(s.failures.count)\n"
        for f in s.failures { out += "  \(f.source): \(f.reason)\n" }
        return out
    }
}
