import ArgumentParser
import Foundation
import Pipeline

/// `billtriage evaluate [--corpus DIR | --labels FILE.jsonl] [--json]`.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the pipeline against hand labels: per-intent precision/recall/F1, macro-F1, confusion, extraction, language, rule hits.",
        discussion: "By default the corpus's test split (never trained on). Intents are reported for the combined decision, rules alone and the model alone."
    )

    @Option(help: "The labelled corpus (default: Corpus next to the Rules directory).")
    var corpus: String?

    @Option(help: "A labels file (JSON lines with file paths relative to it) instead of the corpus.")
    var labels: String?

    @Option(help: "Which part of the corpus: test (default, never trained on), train (for tuning rules), or all.")
    var split: String = "test"

    @Option(help: "Only messages whose label has this language.")
    var language: String?

    @Flag(help: "List every message whose decision differs from its label.")
    var errors = false

    @Flag(help: "The report as one JSON object.")
    var json = false

    @Option(help: "Also write the report as an HTML page.")
    var html: String?

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard ["test", "train", "all"].contains(split) else { throw ValidationError("--split must be test, train or all") }
    }

    func run() throws {
        do {
            let entries: [Corpus.Entry]
            if let labels {
                let dir = URL(fileURLWithPath: labels).deletingLastPathComponent().path
                entries = try Corpus(directory: dir, labelFiles: [labels]).entries
            } else {
                let c = try Corpus(directory: try options.corpusDirectory(corpus))
                switch split {
                case "train": entries = c.train
                case "all": entries = c.entries
                default: entries = c.test
                }
            }
            let selected = language.map { l in entries.filter { $0.label.language == l } } ?? entries
            let report = Evaluator(pipeline: try options.pipeline()).evaluate(selected)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text(), terminator: "")
                if errors {
                    print("\nmisclassified (label → decision)")
                    for m in report.mistakes { print("  \(m.path)  \(m.label) → \(m.decision)") }
                }
            }
            if let html { try Data(report.html().utf8).write(to: URL(fileURLWithPath: html)) }
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
