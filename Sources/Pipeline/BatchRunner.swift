import Foundation
import MailParsing
import RuleLanguage
import TicketStore

/// `batch`: every message of every source through the pipeline, `jobs` at a
/// time, written to the database one transaction per chunk. A chunk is
/// committed whole or not at all, so a run killed at any moment loses no
/// committed ticket, and a rerun skips what was stored (duplicates).
public struct BatchRunner {
    public let service: TriageService
    public var jobs: Int
    public var chunkSize: Int
    public var dryRun: Bool

    public init(service: TriageService, jobs: Int, chunkSize: Int, dryRun: Bool) {
        self.service = service
        self.jobs = max(1, jobs)
        self.chunkSize = max(1, chunkSize)
        self.dryRun = dryRun
    }

    public struct Item {
        public var raw: RawMessage
        public var result: TriageResult
        public var outcome: TicketWriter.Outcome?
        /// The acknowledgement decision, when the message was written (nil in dry runs and for duplicates).
        public var acknowledgement: Acknowledger.Result?
    }

    public struct Progress: Sendable {
        public var messages: Int
        public var consumedBytes: Int
        public var totalBytes: Int
        public var seconds: Double
    }

    public struct Summary: Sendable {
        public var messages = 0
        public var created = 0, followUps = 0, notes = 0, duplicates = 0
        public var intents: [String: Int] = [:]
        public var languages: [String: Int] = [:]
        public var priorities: [String: Int] = [:]
        public var automated: [String: Int] = [:]
        /// "queued" or the suppression reason → count.
        public var acknowledgements: [String: Int] = [:]
        public var failures: [(source: String, reason: String)] = []
        public var seconds = 0.0
    }

    /// `handOver`: where each committed chunk's acknowledgements go, claimed in its transaction
    /// (nil, or no room there: they stay pending, for `AckDispatcher.dispatchAll` after the run).
    public func run(paths: [String], database: TicketDatabase?, handOver: BackgroundHandOver? = nil,
                    progress: (Progress) -> Void, emit: (Item) -> Void) -> Summary {
        var summary = Summary()
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        // Reading and triage run ahead on their own thread; this one writes, tallies and emits in order.
        let feed = ChunkFeed(paths: paths, pipeline: service.pipeline, writer: database != nil && !dryRun ? service.writer : nil, jobs: jobs, chunkSize: chunkSize,
                             maxMessageBytes: service.configuration.limits.maxMessageBytes)
        while let step = feed.next() {
            switch step {
            case .pathFailed(let path, let reason):
                summary.failures.append((path, reason))
                record(failure: path, reason: reason, database)
            case .chunk(let c):
                if let reason = c.readFailure {
                    summary.failures.append((c.path, reason))
                    record(failure: c.path, reason: reason, database)
                }
                guard !c.raws.isEmpty else { continue }
                let outcomes = write(c.raws, c.results, c.prepared, database, claim: handOver?.hasRoom ?? false, &summary)
                handOver?.submit(outcomes.compactMap { $0?.claimed })
                for k in c.raws.indices {
                    let item = Item(raw: c.raws[k], result: c.results[k], outcome: outcomes[k]?.outcome,
                                    acknowledgement: outcomes[k]?.acknowledgement)
                    tally(item, priority: c.prepared?[k].priority, &summary)
                    emit(item)
                }
                progress(Progress(messages: summary.messages, consumedBytes: c.consumedBytes,
                                  totalBytes: c.totalBytes, seconds: elapsed()))
            case .pathDone(let skipped):
                for s in skipped { summary.failures.append((s.path, "not mail: \(s.reason)")) }
            }
        }
        summary.seconds = elapsed()
        return summary
    }

    /// One transaction for the chunk; if it fails, message by message so one bad
    /// message cannot hold back the others (each failure is recorded and reported).
    private func write(_ chunk: [RawMessage], _ results: [TriageResult], _ prepared: [TicketWriter.Prepared]?,
                       _ database: TicketDatabase?, claim: Bool, _ summary: inout Summary) -> [TicketWriter.Recorded?] {
        guard let database, !dryRun else { return Array(repeating: nil, count: chunk.count) }
        let now = Date()
        do {
            return try database.write { tx in
                try chunk.indices.map {
                    try service.writer.record(results[$0], raw: chunk[$0], in: tx, now: now, claimAcknowledgement: claim,
                                              prepared: prepared?[$0])
                }
            }
        } catch {
            var outcomes: [TicketWriter.Recorded?] = []
            for k in chunk.indices {
                do {
                    outcomes.append(try database.write {
                        try service.writer.record(results[k], raw: chunk[k], in: $0, now: now, claimAcknowledgement: claim,
                                                  prepared: prepared?[k])
                    })
                } catch {
                    summary.failures.append((chunk[k].source, "\(error)"))
                    record(failure: chunk[k].source, reason: "\(error)", database)
                    outcomes.append(nil)
                }
            }
            return outcomes
        }
    }

    private func record(failure source: String, reason: String, _ database: TicketDatabase?) {
        guard let database, !dryRun else { return }
        try? database.write { try $0.recordFailure(source: source, reason: reason, at: Date()) }
    }

    /// `priority`: as prepared for the write, when it was (else assessed here).
    private func tally(_ item: Item, priority: String?, _ s: inout Summary) {
        s.messages += 1
        let r = item.result
        s.intents[r.decision.intent.rawValue, default: 0] += 1
        s.languages[r.analysis.language.code, default: 0] += 1
        s.priorities[priority ?? service.writer.assess(r, followUps: 0).priority.rawValue, default: 0] += 1
        s.automated[r.automated?.rawValue ?? "none", default: 0] += 1
        switch item.acknowledgement {
        case .queued?: s.acknowledgements["queued", default: 0] += 1
        case .suppressed(let reason)?: s.acknowledgements[reason, default: 0] += 1
        case nil: break
        }
        switch item.outcome {
        case .created?: s.created += 1
        case .joined(_, let note)?: if note { s.notes += 1 } else { s.followUps += 1 }
        case .duplicate?: s.duplicates += 1
        case nil: break
        }
    }
}
