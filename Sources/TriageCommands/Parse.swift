import ArgumentParser
import Foundation
import Pipeline

/// `billtriage parse FILE|- [--json]`: the decoded message model.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show the decoded message: headers, text views, attachments, defects.",
        discussion: """
            FILE is a message file, '-' for standard input, or a mailbox (mbox, Maildir, MH, \
            a directory of messages): every message in it is shown. Exit 1 if FILE cannot be read.
            """
    )

    @Argument(help: "A message file, '-' for stdin, or a mailbox.")
    var file: String

    @Flag(help: "One JSON object per message, one per line.")
    var json = false

    @Flag(help: "Print only totals: messages, throughput, body sources, defects by code.")
    var stats = false

    @Option(help: "The Rules directory (default: $BILLTRIAGE_RULES, ./Rules, or the checkout's Rules).")
    var rules: String?

    @Option(help: "Languages the desk expects, comma-separated ISO 639-1 codes (default: a broad European set).")
    var languages: String?

    func validate() throws {
        if json && stats { throw ValidationError("--json and --stats cannot be combined.") }
    }

    func run() throws {
        do {
            var totals = ParseStats()
            let start = ContinuousClock.now
            let expected = languages.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }) }
            let analyzer = try MessageAnalyzer(rulesDirectory: try RulesLocation.resolve(rules), languages: expected)
            let result = try ParseRun(analyzer: analyzer).run(path: file) { dump in
                if stats { totals.add(dump.message) } else { print(json ? try dump.json() : dump.text()) }
            }
            if stats {
                let elapsed = ContinuousClock.now - start
                print(totals.report(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                                    stages: result.times),
                      terminator: "")
            }
            for s in result.skipped { printError("billtriage: skipped \(s.path): \(s.reason)") }
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
