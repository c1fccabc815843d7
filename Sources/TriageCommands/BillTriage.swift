import ArgumentParser

/// The `billtriage` command and its subcommands.
public struct BillTriage: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "billtriage",
        abstract: "Turn customers' billing e-mail into prioritized, language-tagged tickets.",
        subcommands: [Parse.self, Rules.self]
    )

    public init() {}
}
