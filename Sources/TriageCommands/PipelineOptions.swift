import ArgumentParser
import Foundation
import Pipeline

/// Options shared by the commands that classify.
struct PipelineOptions: ParsableArguments {
    @Option(help: "The Rules directory (default: $BILLTRIAGE_RULES, ./Rules, or the checkout's Rules).")
    var rules: String?

    @Option(help: "The Bayes model file (default: $BILLTRIAGE_MODEL, or billtriage-model.sqlite next to Rules).")
    var model: String?

    @Option(help: "Languages the desk expects, comma-separated ISO 639-1 codes (default: a broad European set).")
    var languages: String?

    func rulesDirectory() throws -> String { try RulesLocation.resolve(rules) }

    func modelPath() throws -> String { ModelLocation.resolve(model, rulesDirectory: try rulesDirectory()) }

    func corpusDirectory(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        return Corpus.directory(besideRules: try rulesDirectory())
    }

    /// Loads rules, patterns and model; a broken rule file is reported with its diagnostics.
    /// `trainingMissingModel`: with the default model and no file yet, train it first
    /// (`ModelLocation.trainIfMissing`; not for `train` and `learn`, which write the model).
    func pipeline(trainingMissingModel: Bool = true) throws -> TriagePipeline {
        let expected = languages.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }) }
        if trainingMissingModel && ModelLocation.isDefault(model),
           let notice = ModelLocation.trainIfMissing(rulesDirectory: try rulesDirectory(), languages: expected) {
            printError("billtriage: \(notice)")
        }
        return try TriagePipeline.load(rulesDirectory: try rulesDirectory(), modelPath: try modelPath(), languages: expected)
    }
}
