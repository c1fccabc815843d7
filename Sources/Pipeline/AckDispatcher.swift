import Acknowledgement
import Foundation
import TicketStore

/// Hands pending acknowledgements over after their tickets are committed:
/// into the outbox Maildir by default, to the MTA with `--send`. A failed
/// hand-over stays pending for the next run (until `max_attempts`) and never
/// undoes a ticket.
public struct AckDispatcher {
    public enum Transport {
        case outbox(Outbox)
        case mailer(MailSender)
    }

    public struct Report: Sendable, Equatable {
        public var delivered = 0
        public var deferred = 0
        public var failed = 0
        public var errors: [String] = []

        public init() {}

        /// `other`'s counts added to these; at most 20 errors are kept.
        public mutating func add(_ other: Report) {
            delivered += other.delivered
            deferred += other.deferred
            failed += other.failed
            errors += other.errors.prefix(max(0, 20 - errors.count))
        }
    }

    public let transport: Transport
    /// The envelope sender (our address), and how often a send is tried.
    public let sender: String
    public let maxAttempts: Int

    public init(transport: Transport, settings: AckSettings) {
        self.transport = transport
        sender = settings.from
        maxAttempts = settings.maxAttempts
    }

    /// The transport for a run: `--send` uses the configured mailer URL, otherwise the
    /// outbox Maildir (a relative path is taken from the database's folder).
    public static func make(settings: AckSettings, send: Bool, databasePath: String) throws -> AckDispatcher {
        if send { return AckDispatcher(transport: .mailer(try MailSender(url: settings.mailer)), settings: settings) }
        var path = settings.outbox
        if !path.hasPrefix("/") {
            let folder = (databasePath as NSString).deletingLastPathComponent
            path = (folder.isEmpty ? "." : folder) + "/" + path
        }
        return AckDispatcher(transport: .outbox(Outbox(path: path)), settings: settings)
    }

    /// Everything pending, in rounds; stops when a round hands nothing over (the MTA is down:
    /// the rest waits for the next run). At most 20 errors are kept.
    public func dispatchAll(_ database: TicketDatabase, round: Int = 500) -> Report {
        var total = Report()
        while true {
            let r = dispatch(database, limit: round)
            total.add(r)
            if r.delivered + r.deferred + r.failed < round || r.delivered == 0 { return total }
        }
    }

    /// Claims up to `limit` pending acknowledgements (`first` before older ones) and hands them over.
    /// When none waits, only a read is done (no write lock).
    @discardableResult
    public func dispatch(_ database: TicketDatabase, limit: Int, first: [String] = [], now: Date = Date()) -> Report {
        var report = Report()
        let claimed: [PendingAcknowledgement]
        do {
            guard try database.read({ try $0.hasClaimableAcknowledgements(now: now) }) else { return report }
            claimed = try database.write { try $0.claimPendingAcknowledgements(limit: limit, first: first, now: now) }
        } catch {
            report.errors.append("cannot claim pending acknowledgements: \(error)")
            return report
        }
        return handOver(claimed, database)
    }

    /// Hands over acknowledgements this run has claimed, and records the outcomes in one
    /// transaction per `recordEvery` (a crash re-sends at most that many, after the claim expires).
    public func handOver(_ claimed: [PendingAcknowledgement], _ database: TicketDatabase, recordEvery: Int = 50) -> Report {
        var report = Report()
        var outcomes: [(ack: PendingAcknowledgement, status: String, reason: String)] = []
        func record() {
            guard !outcomes.isEmpty else { return }
            let now = Date()
            do {
                try database.write { tx in
                    for o in outcomes {
                        try tx.updateAcknowledgement(id: o.ack.id, status: o.status, reason: o.reason, at: now, attempted: true)
                    }
                }
            } catch {
                report.errors += outcomes.map { "\($0.ack.messageID): handed over but not recorded: \(error)" }
            }
            outcomes.removeAll(keepingCapacity: true)
        }
        for ack in claimed {
            let message = OutgoingMessage(messageID: ack.messageID, sender: sender, recipient: ack.recipient, bytes: ack.raw)
            do {
                switch transport {
                case .outbox(let outbox): try outbox.write(message); outcomes.append((ack, "written", ""))
                case .mailer(let mailer): try mailer.send(message); outcomes.append((ack, "sent", ""))
                }
                report.delivered += 1
            } catch {
                let status = ack.attempts + 1 >= maxAttempts ? "failed" : "pending"
                if status == "failed" { report.failed += 1 } else { report.deferred += 1 }
                report.errors.append("\(ack.messageID): \(error)")
                outcomes.append((ack, status, "\(error)"))
            }
            if outcomes.count >= recordEvery { record() }
        }
        record()
        return report
    }
}

/// `batch`'s hand-over beside the run: the acknowledgements of each committed chunk (claimed in
/// its transaction, as `deliver` claims its own) are handed over on a thread of its own, with a
/// connection of its own, while the next chunks are triaged and written. Handing them all over
/// after the run took a third of its time with one core idle (20,000 outbox files).
/// The outcomes are recorded as `handOver` records them: every 50, each in a short transaction.
/// It never holds the run back: when `ahead` chunks' worth already wait (the outbox is slow),
/// the writer leaves the next chunk's unclaimed, for the hand-over after the run.
public final class BackgroundHandOver: @unchecked Sendable {
    private let dispatcher: AckDispatcher
    private let condition = NSCondition()
    private var queue: [[PendingAcknowledgement]] = []
    private var closed = false, done = false
    private var report = AckDispatcher.Report()
    /// Chunks' worth waiting at most: bounded memory when the hand-over is slower than the run.
    private let ahead = 4

    /// `databasePath`: the run's database, opened again for this thread. Its busy timeout is long:
    /// recording an outcome waits for the chunk being written, and one given up would leave a
    /// written acknowledgement pending, to be handed over again by a later run.
    public init(dispatcher: AckDispatcher, databasePath: String, busyTimeoutMilliseconds: Int32 = 120_000) throws {
        self.dispatcher = dispatcher
        let database = try TicketDatabase(path: databasePath, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let thread = Thread { [self] in run(database) }
        thread.start()
    }

    /// Whether the next chunk's acknowledgements can be taken: claim them in its transaction only
    /// then. (Only the one writer submits, so there is still room when it submits them.)
    public var hasRoom: Bool {
        condition.lock()
        defer { condition.unlock() }
        return queue.count < ahead
    }

    /// Acknowledgements claimed by a committed transaction (after `hasRoom` said yes).
    public func submit(_ claimed: [PendingAcknowledgement]) {
        guard !claimed.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        queue.append(claimed)
        condition.broadcast()
    }

    /// Waits until everything submitted is handed over; what happened to it.
    public func finish() -> AckDispatcher.Report {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !done { condition.wait() }
        return report
    }

    private func run(_ database: TicketDatabase) {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            guard !queue.isEmpty else {
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let claimed = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            let r = dispatcher.handOver(claimed, database)
            condition.lock()
            report.add(r)
            condition.unlock()
        }
    }
}
