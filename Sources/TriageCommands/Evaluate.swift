import ArgumentParser
import Foundation
import Pipeline

/// `billtriage evaluate [--corpus DIR | --labels FILE.jsonl] [--json]`.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the pipeline against hand labels: per-intent precision/recall/F1, macro-F1, confusion, extraction, language, rule hits.",
        discussion: "By default the corpus's test split (never trained on). Intents are reported for the combined decision, rules alone and the model alone."
    )

    @Option(help: "The labelled corpus (default: Corpus next to the Rules directory).")
    var corpus: String?

    @Option(help: "A labels file (JSON lines with file paths relative to it) instead of the corpus.")
    var labels: String?

    @Flag(help: "Evaluate every corpus message, not only the test split.")
    var all = false

    @Flag(help: "The report as one JSON object.")
    var json = false

    @Option(help: "Also write the report as an HTML page.")
    var html: String?

    @OptionGroup var options: PipelineOptions

    func run() throws {
        do {
            let entries: [Corpus.Entry]
            if let labels {
                let dir = URL(fileURLWithPath: labels).deletingLastPathComponent().path
                entries = try Corpus(directory: dir, labelFiles: [labels]).entries
            } else {
                let c = try Corpus(directory: try options.corpusDirectory(corpus))
                entries = all ? c.entries : c.test
            }
            let report = Evaluator(pipeline: try options.pipeline()).evaluate(entries)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text(), terminator: "")
            }
            if let html { try Data(report.html().utf8).write(to: URL(fileURLWithPath: html)) }
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
