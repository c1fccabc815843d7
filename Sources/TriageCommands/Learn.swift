import ArgumentParser
import Classification
import MailParsing
import Pipeline
import RuleLanguage
import TicketStore

import Foundation

/// `billtriage learn --intent X FILE…` or `--ticket BT-…`: adds corrections to the model.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Teach the model that these messages have this intent (a message learned twice counts once).",
        discussion: """
            With --ticket, the ticket's customer messages (not automated notes) are read back from the ticket \
            database and learned, and the ticket takes the corrected intent.
            """
    )

    @Option(help: "The correct intent.")
    var intent: String

    @Option(help: "A ticket id (BT-000123) instead of files.")
    var ticket: String?

    @Option(help: "The ticket database for --ticket (default: $BILLTRIAGE_DB, then ./billtriage.sqlite).")
    var db: String?

    @Argument(help: "Message files or mailboxes.")
    var files: [String] = []

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard Intent(rawValue: intent) != nil else {
            throw ValidationError("unknown intent '\(intent)' (\(Intent.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let ticket {
            guard TicketID.parse(ticket) != nil else { throw ValidationError("'\(ticket)' is not a ticket id") }
            guard files.isEmpty else { throw ValidationError("give either --ticket or message files, not both") }
        } else if files.isEmpty {
            throw ValidationError("give the message files to learn, or --ticket")
        }
    }

    func run() throws {
        do {
            let pipeline = try options.pipeline(trainingMissingModel: false)
            let store = try SQLiteTokenStore(path: try options.modelPath())
            let correct = Intent(rawValue: intent)!
            var added = 0, seen = 0
            func learn(_ raw: RawMessage, hash: String) throws {
                let features = pipeline.run(raw).classification.features
                if try store.learn(features, as: correct, contentHash: hash) { added += 1 } else { seen += 1 }
            }
            if let ticket, let id = TicketID.parse(ticket) {
                let database = try Tickets.openExisting(db)
                let messages = try database.learnableMessages(ticket: id)
                guard !messages.isEmpty else {
                    printError("billtriage: no ticket \(ticket) (or it holds no customer message)")
                    throw ExitCode(1)
                }
                for m in messages { try learn(RawMessage(source: TicketID.format(id), bytes: m.raw), hash: m.contentHash) }
                try database.correctIntent(ticket: id, intent, at: Date())
            }
            for path in files {
                let reader = try MailboxReader(path: path)
                while let raw = try reader.next() { try learn(raw, hash: ContentHash.of(raw.bytes)) }
            }
            print("learned \(added) message(s) as \(intent); \(seen) already learned before")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
