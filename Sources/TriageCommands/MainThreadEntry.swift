import ArgumentParser

extension BillTriage {
    /// Parses and runs the command on the main thread. `AsyncParsableCommand.main()` first hops
    /// to a worker thread of the concurrency pool: a thread start, a malloc arena of its own (grown
    /// page by page) and context switches, all measurable in `deliver`, one short process per
    /// message. Every subcommand is synchronous; an async one would still be awaited here.
    @MainActor
    public static func mainOnMainThread() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
