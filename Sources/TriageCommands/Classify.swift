import ArgumentParser
import Classification
import MailParsing
import Pipeline

/// `billtriage classify PATH… [--json]`: like `batch --dry-run` — no database, no acknowledgements.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify messages without storing them: intent, language, facts, priority.",
        discussion: "PATH is a message file, '-' for stdin, or a mailbox (mbox, Maildir, MH, directory). Exit 1 if any path cannot be read."
    )

    @Argument(help: "Messages or mailboxes.")
    var paths: [String]

    @Flag(help: "One JSON object per message (SPEC §11).")
    var json = false

    @Flag(help: "Print only totals: throughput, time per stage, intents.")
    var stats = false

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
        var times = StageTimes()
        var totals = ParseStats()
        var intents: [String: Int] = [:]
        let start = ContinuousClock.now
        for path in paths {
            do {
                let reader = try MailboxReader(path: path, maxMessageBytes: pipeline.parser.limits.maxMessageBytes)
                while let raw = try reader.next() {
                    let result = pipeline.run(raw, mode: ClassifierMode(rawValue: mode)!, times: &times)
                    if stats {
                        totals.add(result.message)
                        intents[result.decision.intent.rawValue, default: 0] += 1
                        continue
                    }
                    let out = ClassifyOutput(result)
                    print(json ? out.json() : out.line())
                }
                for s in reader.skipped { printError("billtriage: skipped \(s.path): \(s.reason)") }
            } catch {
                printError("billtriage: \(error)")
                failed = true
            }
        }
        if stats {
            let elapsed = ContinuousClock.now - start
            print(totals.report(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                                stages: times), terminator: "")
            print("intents      " + intents.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if failed { throw ExitCode(1) }
    }
}
