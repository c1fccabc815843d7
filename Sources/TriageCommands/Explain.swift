import ArgumentParser
import MailParsing
import Pipeline

/// `billtriage explain FILE`: the decision trace of one message.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why a message got its intent: text views, language, extraction spans, rule hits, model tokens, decision."
    )

    @Argument(help: "A message file, or '-' for stdin.")
    var file: String

    @OptionGroup var options: PipelineOptions

    func run() throws {
        do {
            let pipeline = try options.pipeline()
            let reader = try MailboxReader(path: file, maxMessageBytes: pipeline.parser.limits.maxMessageBytes)
            guard let raw = try reader.next() else { throw ValidationError("\(file): no message") }
            print(Explanation(result: pipeline.run(raw), model: pipeline.classifier.model).text(), terminator: "")
        } catch let e as ValidationError {
            throw e
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
