import ArgumentParser
import Classification
import MailParsing
import Pipeline

/// `billtriage classify PATH… [--json]`: like `batch --dry-run` — no database, no acknowledgements.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify messages without storing them: intent, language, facts, priority.",
        discussion: "PATH is a message file, '-' for stdin, or a mailbox (mbox, Maildir, MH, directory). Exit 1 if any path cannot be read."
    )

    @Argument(help: "Messages or mailboxes.")
    var paths: [String]

    @Flag(help: "One JSON object per message (SPEC §11).")
    var json = false

    @Option(help: "Decide with 'combined' (default), 'rules' alone or the 'bayes' model alone.")
    var mode: String = "combined"

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard ClassifierMode(rawValue: mode) != nil else { throw ValidationError("--mode must be combined, rules or bayes") }
    }

    func run() throws {
        let pipeline: TriagePipeline
        do { pipeline = try options.pipeline() } catch {
            printError("billtriage: \(error)")
            throw ExitCode(78)
        }
        var failed = false
        for path in paths {
            do {
                let reader = try MailboxReader(path: path, maxMessageBytes: pipeline.parser.limits.maxMessageBytes)
                while let raw = try reader.next() {
                    let out = ClassifyOutput(pipeline.run(raw, mode: ClassifierMode(rawValue: mode)!))
                    print(json ? out.json() : out.line())
                }
                for s in reader.skipped { printError("billtriage: skipped \(s.path): \(s.reason)") }
            } catch {
                printError("billtriage: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
