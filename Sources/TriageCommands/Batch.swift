import ArgumentParser
import Foundation
import Acknowledgement
import Pipeline
import TicketStore

/// `billtriage batch PATH… [--jobs N] [--dry-run] [--json] [--db P]`.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Turn mailboxes into tickets: mbox, Maildir, MH, directories of .eml files.",
        discussion: """
            A progress bar on a terminal (plain lines otherwise), a summary at the end, failed messages listed with \
            their reason. Each chunk is one transaction: a killed run loses no committed ticket and a rerun completes \
            the rest without duplicates. Exit 1 if any message or path could not be processed.
            """
    )

    @Argument(help: "Mailboxes or message files.")
    var paths: [String]

    @Option(help: "Worker threads (default: the configuration, 0 = one per core).")
    var jobs: Int?

    @Flag(help: "Classify only: no database, no acknowledgements.")
    var dryRun = false

    @Flag(help: "Hand acknowledgements to the MTA through the configured mailer (default: write them into the outbox Maildir).")
    var send = false

    @Flag(help: "One JSON object per message (SPEC §11, plus ticket and thread).")
    var json = false

    @Option(help: "The ticket database (default: $BILLTRIAGE_DB, then the configuration).")
    var db: String?

    @Option(help: "The configuration file.")
    var config: String?

    @Option(help: "The Rules directory.")
    var rules: String?

    @Option(help: "The Bayes model file.")
    var model: String?

    func run() throws {
        let service: TriageService
        do {
            service = try TriageService.load(rulesDirectory: try RulesLocation.resolve(rules), configPath: config, modelPath: model,
                                             notice: { printError("billtriage: \($0)") })
        } catch {
            printError("billtriage batch: configuration error: \(error)")
            throw ExitCode(78)
        }
        var database: TicketDatabase? = nil
        if !dryRun {
            do { database = try service.openDatabase(db) } catch {
                printError("billtriage batch: \(error)")
                throw ExitCode(1)
            }
        }
        let configured = service.configuration.jobs
        let workers = jobs ?? (configured > 0 ? configured : ProcessInfo.processInfo.activeProcessorCount)
        let runner = BatchRunner(service: service, jobs: workers, chunkSize: service.configuration.chunkSize, dryRun: dryRun)
        // Acknowledgements go into the outbox while the run goes on; sent ones (--send) after it.
        var dispatcher: AckDispatcher? = nil
        var background: BackgroundHandOver? = nil
        if let database {
            do {
                let d = try AckDispatcher.make(settings: service.configuration.acknowledgement, send: send, databasePath: database.path)
                dispatcher = d
                // Without a second connection, they are all handed over after the run instead.
                if case .outbox = d.transport { background = try? BackgroundHandOver(dispatcher: d, databasePath: database.path) }
            } catch {
                printError("billtriage batch: acknowledgements stay pending: \(error)")
            }
        }
        let meter = ProgressMeter()
        let summary = runner.run(paths: paths, database: database, handOver: background, progress: meter.update) { item in
            guard json else { return }
            var line = ClassifyOutput(item.result, policy: service.writer.acknowledger?.policy ?? AutoReplyPolicy.defaults,
                                      acknowledgement: item.acknowledgement).json()
            if let outcome = item.outcome {
                line.removeLast()
                let thread: String
                switch outcome {
                case .created: thread = "new"
                case .joined: thread = "joined"
                case .duplicate: thread = "duplicate"
                }
                line += ",\"ticket\":\"\(TicketID.format(outcome.ticket))\",\"thread\":\"\(thread)\"}"
            }
            print(line)
        }
        meter.finish()
        var handedOver: AckDispatcher.Report? = nil
        if let database, let dispatcher {
            // This run's own, then whatever earlier runs left pending.
            var report = background?.finish() ?? AckDispatcher.Report()
            report.add(dispatcher.dispatchAll(database))
            handedOver = report
        }
        printError(BatchSummaryTable.render(summary, dryRun: dryRun, database: database?.path, acknowledgements: handedOver))
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }
}
