import ArgumentParser
import Pipeline

/// `billtriage parse FILE|- [--json]`: the decoded message model.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    func run() throws {
        do {
            let result = try ParseRun().run(path: file) { dump in
                print(json ? try dump.json() : dump.text())
            }
            for s in result.skipped { printError("billtriage: skipped \(s.path): \(s.reason)") }
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
