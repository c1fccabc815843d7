import Dispatch
import Foundation
import MailParsing

/// The reading and triage half of `batch`, on a thread of its own: it reads the
/// next chunk and runs the pipeline over it (on `jobs` threads) while the caller
/// is still writing the previous one, so the single writer and the workers
/// overlap instead of taking turns. Steps come out in the order a sequential run
/// would meet them; at most `ahead` triaged chunks wait to be taken.
final class ChunkFeed: @unchecked Sendable {
    enum Step: Sendable {
        /// A path that could not be opened.
        case pathFailed(path: String, reason: String)
        /// A chunk, with the read error that ended it (if one did) and the progress counters as of its reading.
        case chunk(Chunk)
        /// A path read to its end: what was skipped as not mail.
        case pathDone(skipped: [MailboxReader.Skipped])
    }

    struct Chunk: Sendable {
        var path: String
        var raws: [RawMessage]
        var results: [TriageResult]
        /// The writer's work done ahead (nil when nothing is written).
        var prepared: [TicketWriter.Prepared]?
        var readFailure: String?
        var consumedBytes: Int
        var totalBytes: Int
    }

    private let condition = NSCondition()
    private var queue: [Step] = []
    private var queuedChunks = 0
    private var finished = false
    private let ahead: Int

    /// Starts reading `paths` at once; `writer`: prepare each message for it too.
    init(paths: [String], pipeline: TriagePipeline, writer: TicketWriter?, jobs: Int, chunkSize: Int, maxMessageBytes: Int,
         ahead: Int = 1) {
        self.ahead = max(1, ahead)
        let thread = Thread { [self] in
            produce(paths: paths, stage: Stage(pipeline: pipeline, writer: writer), jobs: jobs, chunkSize: chunkSize,
                    maxMessageBytes: maxMessageBytes)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next step, waiting for it; nil once every path is done.
    func next() -> Step? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let step = queue.removeFirst()
        if case .chunk = step { queuedChunks -= 1 }
        condition.broadcast()
        return step
    }

    private func put(_ step: Step) {
        condition.lock()
        defer { condition.unlock() }
        if case .chunk = step {
            while queuedChunks >= ahead { condition.wait() }
            queuedChunks += 1
        }
        queue.append(step)
        condition.broadcast()
    }

    /// What a worker does with one message.
    struct Stage: Sendable {
        var pipeline: TriagePipeline
        var writer: TicketWriter?
    }

    private func produce(paths: [String], stage: Stage, jobs: Int, chunkSize: Int, maxMessageBytes: Int) {
        var totalBytes = 0, consumedBefore = 0
        for path in paths {
            let reader: MailboxReader
            do {
                reader = try MailboxReader(path: path, maxMessageBytes: maxMessageBytes)
            } catch {
                put(.pathFailed(path: path, reason: "\(error)"))
                continue
            }
            totalBytes += reader.totalBytes
            var exhausted = false
            while !exhausted {
                var raws: [RawMessage] = []
                var failure: String? = nil
                do {
                    while raws.count < chunkSize, let raw = try reader.next() { raws.append(raw) }
                } catch {
                    failure = "\(error)"
                }
                if raws.count < chunkSize { exhausted = true }
                let (results, prepared) = Self.triage(raws, stage: stage, jobs: jobs)
                put(.chunk(Chunk(path: path, raws: raws, results: results, prepared: prepared, readFailure: failure,
                                 consumedBytes: consumedBefore + reader.consumedBytes, totalBytes: totalBytes)))
                if raws.isEmpty { break }
            }
            put(.pathDone(skipped: reader.skipped))
            consumedBefore += reader.consumedBytes
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs the pipeline (and the writer's preparation) over a chunk on `jobs` threads; results keep the chunk's order.
    static func triage(_ chunk: [RawMessage], stage: Stage, jobs: Int) -> ([TriageResult], [TicketWriter.Prepared]?) {
        guard !chunk.isEmpty else { return ([], nil) }
        let box = ResultBox(count: chunk.count)
        let stripes = min(jobs, chunk.count)
        // Each worker takes the next message not yet taken: a worker that shares its core with
        // the writer does fewer, instead of the other one waiting for it at the end of the chunk.
        DispatchQueue.concurrentPerform(iterations: stripes) { _ in
            while let k = box.take() {
                let result = stage.pipeline.run(chunk[k])
                box.set(k, result, stage.writer?.prepare(result, raw: chunk[k]))
            }
        }
        return box.values()
    }
}

/// Results written by several threads into distinct slots.
private final class ResultBox: @unchecked Sendable {
    private var slots: [TriageResult?]
    private var prepared: [TicketWriter.Prepared?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        prepared = Array(repeating: nil, count: count)
    }

    private var next = 0

    /// The index of the next message to work on, nil when all are taken.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ k: Int, _ r: TriageResult, _ p: TicketWriter.Prepared?) {
        lock.lock()
        slots[k] = r
        prepared[k] = p
        lock.unlock()
    }

    func values() -> ([TriageResult], [TicketWriter.Prepared]?) {
        (slots.map { $0! }, prepared.contains { $0 == nil } ? nil : prepared.map { $0! })
    }
}
