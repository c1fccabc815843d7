import ArgumentParser
import Foundation
import MailParsing
import Pipeline
import TicketStore

/// `billtriage deliver [--db P]`: the MTA delivery hook.
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Turn one message on standard input into a ticket (the mail-server delivery hook).",
        discussion: """
            Exit 0 when the message is stored (malformed mail too: it is ticketed with its defects), \
            75 (EX_TEMPFAIL) when the database is busy past its timeout, the disk is full or read-only, \
            so the MTA keeps the message and retries, 78 (EX_CONFIG) when the configuration or a rule file is broken.
            """
    )

    @Option(help: "The ticket database (default: $BILLTRIAGE_DB, then the configuration).")
    var db: String?

    @Option(help: "The configuration file (default: $BILLTRIAGE_CONFIG, ./billtriage.toml, Rules/billtriage.toml).")
    var config: String?

    @Option(help: "The Rules directory.")
    var rules: String?

    @Option(help: "The Bayes model file.")
    var model: String?

    @Flag(help: "Print the ticket and what happened on standard output.")
    var verbose = false

    func run() throws {
        let service: TriageService
        do {
            service = try TriageService.load(rulesDirectory: try RulesLocation.resolve(rules), configPath: config,
                                             modelPath: model, forOneMessage: true)
        } catch {
            printError("billtriage deliver: configuration error: \(error)")
            throw ExitCode(78)
        }
        do {
            guard let raw = try MailboxReader(path: "-", maxMessageBytes: service.configuration.limits.maxMessageBytes).next() else {
                throw ExitCode(75)
            }
            let database = try service.openDatabase(db)
            let (_, outcome) = try service.deliver(raw, database: database)
            if verbose { print(DeliveryReport.describe(outcome)) }
        } catch let e as ExitCode {
            throw e
        } catch {
            // Nothing was committed: the MTA keeps the message and tries again later.
            printError("billtriage deliver: temporary failure: \(error)")
            throw ExitCode(75)
        }
    }
}

enum DeliveryReport {
    static func describe(_ outcome: TicketWriter.Outcome) -> String {
        switch outcome {
        case .created(let t): return "\(TicketID.format(t)) created"
        case .joined(let t, let note): return "\(TicketID.format(t)) \(note ? "note added" : "follow-up")"
        case .duplicate(let t): return "\(TicketID.format(t)) duplicate"
        }
    }
}
