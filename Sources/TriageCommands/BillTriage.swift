import ArgumentParser

/// The `billtriage` command and its subcommands.
public struct BillTriage: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "billtriage",
        abstract: "Turn customers' billing e-mail into prioritized, language-tagged tickets.",
        subcommands: [Deliver.self, Batch.self, Parse.self, Classify.self, Explain.self, Train.self, Learn.self, Evaluate.self, Rules.self, Tickets.self]
    )

    public init() {}
}
