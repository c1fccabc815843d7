import ArgumentParser
import Foundation
import Pipeline
import TicketStore

/// `billtriage train [--corpus Corpus/]`: builds the model from the training split.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the naive Bayes model on the corpus's training split and tune how it combines with the rules.",
        discussion: "The test split (one message in five, by Message-ID hash) is left out for `evaluate`. Replaces the model file."
    )

    @Option(help: "The labelled corpus (default: Corpus next to the Rules directory).")
    var corpus: String?

    @OptionGroup var options: PipelineOptions

    func run() throws {
        do {
            let corpus = try Corpus(directory: try options.corpusDirectory(self.corpus))
            let store = try SQLiteTokenStore(path: try options.modelPath())
            let report = try Trainer(pipeline: try options.pipeline(trainingMissingModel: false)).train(corpus.train, store: store)
            print("trained on \(report.messages) messages (\(corpus.test.count) held out for evaluate) in "
                  + String(format: "%.1f s", report.seconds))
            print("features \(report.features), smoothing alpha \(report.alpha), \(report.complement ? "complement" : "multinomial") naive Bayes")
            print("combination: bayes weight \(report.weights.bayes), rules weight \(report.weights.rules)")
            print("5-fold cross-validated macro-F1 on " + (report.tunedOnUnseen
                  ? "the \(report.tunedOn) training messages no rule author has seen: "
                  : "the training split (\(report.tunedOn) messages): ")
                  + ["combined", "rules", "bayes"].map { "\($0) \(String(format: "%.3f", report.crossValidated[$0] ?? 0))" }
                      .joined(separator: ", "))
            print("model written to \(store.path)")
        } catch {
            printError("billtriage: \(error)")
            throw ExitCode(1)
        }
    }
}
