import ArgumentParser
import Classification
import MailParsing
import Pipeline
import RuleLanguage
import TicketStore

/// `billtriage learn --intent X FILE…`: adds corrections to the model.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Teach the model that these messages have this intent (a message learned twice counts once).",
        discussion: "`learn --ticket BT-… --intent X` needs the ticket store, which is not built yet (issue 5)."
    )

    @Option(help: "The correct intent.")
    var intent: String

    @Option(help: "A ticket id (BT-000123) instead of files.")
    var ticket: String?

    @Argument(help: "Message files or mailboxes.")
    var files: [String] = []

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard Intent(rawValue: intent) != nil else {
            throw ValidationError("unknown intent '\(intent)' (\(Intent.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if ticket != nil { throw ValidationError("--ticket needs the ticket store, which does not exist yet; pass message files") }
        if files.isEmpty { throw ValidationError("give the message files to learn") }
    }

    func run() throws {
        do {
            let pipeline = try options.pipeline()
            let store = try SQLiteTokenStore(path: try options.modelPath())
            var added = 0, seen = 0
            for path in files {
                let reader = try MailboxReader(path: path)
                while let raw = try reader.next() {
                    let result = pipeline.run(raw)
                    if try store.learn(result.classification.features, as: Intent(rawValue: intent)!,
                                       contentHash: ContentHash.of(raw.bytes)) {
                        added += 1
                    } else {
                        seen += 1
                    }
                }
            }
            print("learned \(added) message(s) as \(intent); \(seen) already learned before")
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
