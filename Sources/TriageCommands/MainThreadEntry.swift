import ArgumentParser

extension BillTriage {
    /// Parses and runs the command on the main thread. `AsyncParsableCommand.main()` first hops
    /// to a worker thread of the concurrency pool: a thread start, a malloc arena of its own (grown
    /// page by page) and context switches, all measurable in `deliver`, one short process per
    /// message. Every subcommand is synchronous; an async one would still be awaited here.
    @MainActor
    public static func mainOnMainThread() async {
        HeapSettings.apply()
        // `deliver`, one process per message, skips ArgumentParser when its arguments are plain
        // options (DeliverRun.parse); anything else — help, a bad option — goes the full way below,
        // which prints what it always printed.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "deliver", let deliver = DeliverRun.parse(Array(arguments.dropFirst())) {
            do { try deliver.run() } catch { exit(withError: error) }
            return
        }
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
