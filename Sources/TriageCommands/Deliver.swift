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

    @Flag(help: "Hand the acknowledgement to the MTA through the configured mailer (default: write it into the outbox Maildir).")
    var send = false

    @Option(help: ArgumentHelp("The envelope sender the MTA received the message from (Postfix: ${sender}); empty for a bounce.",
                               valueName: "address"))
    var sender: String?

    @Flag(help: "Print the ticket and what happened on standard output.")
    var verbose = false

    func run() throws {
        try DeliverRun(db: db, config: config, rules: rules, model: model, send: send, sender: sender, verbose: verbose).run()
    }
}

enum DeliveryReport {
    static func describe(_ recorded: TicketWriter.Recorded) -> String {
        let what: String
        switch recorded.outcome {
        case .created(let t): what = "\(TicketID.format(t)) created"
        case .joined(let t, let note): what = "\(TicketID.format(t)) \(note ? "note added" : "follow-up")"
        case .duplicate(let t): what = "\(TicketID.format(t)) duplicate"
        }
        switch recorded.acknowledgement {
        case .queued(let id, let recipient)?: return what + "\nacknowledgement \(id) to \(recipient)"
        case .suppressed(let reason)?: return what + "\nno acknowledgement (\(reason))"
        case nil: return what
        }
    }
}
