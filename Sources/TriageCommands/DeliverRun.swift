import ArgumentParser
import Foundation
import MailParsing
import Pipeline
import TicketStore

/// What `deliver` does, with its options as plain values: `Deliver` (the ArgumentParser command)
/// fills them, and so does `parse` — the hook runs once per message, and ArgumentParser's
/// reflection over the command was a sixth of a run's instructions.
struct DeliverRun {
    var db: String?
    var config: String?
    var rules: String?
    var model: String?
    var send = false
    var sender: String?
    var verbose = false

    /// The options of a plain `deliver` call (`--opt value`, `--opt=value`, `--send`, `--verbose`);
    /// nil for anything else — help, an unknown or incomplete option — which then goes through
    /// ArgumentParser and gets its usual messages.
    static func parse(_ arguments: [String]) -> DeliverRun? {
        var run = DeliverRun()
        var k = 0
        while k < arguments.count {
            let argument = arguments[k]
            k += 1
            switch argument {
            case "--send": run.send = true; continue
            case "--verbose": run.verbose = true; continue
            default: break
            }
            guard argument.hasPrefix("--") else { return nil }
            var name = String(argument.dropFirst(2))
            var value: String
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            } else {
                guard k < arguments.count else { return nil }
                value = arguments[k]
                k += 1
            }
            switch name {
            case "db": run.db = value
            case "config": run.config = value
            case "rules": run.rules = value
            case "model": run.model = value
            case "sender": run.sender = value
            default: return nil
            }
        }
        return run
    }

    func run() throws {
        let service: TriageService
        do {
            service = try TriageService.load(rulesDirectory: try RulesLocation.resolve(rules), configPath: config,
                                             modelPath: model, forOneMessage: true, notice: { printError("billtriage: \($0)") })
        } catch {
            printError("billtriage deliver: configuration error: \(error)")
            throw ExitCode(78)
        }
        do {
            guard let raw = try MailboxReader(path: "-", maxMessageBytes: service.configuration.limits.maxMessageBytes).next() else {
                throw ExitCode(75)
            }
            let database = try service.openDatabase(db)
            let (_, recorded) = try service.deliver(raw, database: database, envelopeSender: sender)
            if verbose { print(DeliveryReport.describe(recorded)) }
            handOver(recorded, database: database, service: service)
        } catch let e as ExitCode {
            throw e
        } catch let e as TriageService.ConfigurationError {
            printError("billtriage deliver: configuration error: \(e)")
            throw ExitCode(78)
        } catch {
            // Nothing was committed: the MTA keeps the message and tries again later.
            printError("billtriage deliver: temporary failure: \(error)")
            throw ExitCode(75)
        }
    }

    /// After the commit: this message's acknowledgement (claimed in the ticket's transaction), then
    /// a few older pending ones. A failure here is reported and retried by a later run; the ticket
    /// stands (exit 0).
    private func handOver(_ recorded: TicketWriter.Recorded, database: TicketDatabase, service: TriageService) {
        do {
            let dispatcher = try AckDispatcher.make(settings: service.configuration.acknowledgement, send: send,
                                                    databasePath: database.path)
            let own = dispatcher.handOver(recorded.claimed.map { [$0] } ?? [], database)
            let older = dispatcher.dispatch(database, limit: 3)
            for e in own.errors + older.errors { printError("billtriage deliver: acknowledgement not handed over yet: \(e)") }
        } catch {
            printError("billtriage deliver: acknowledgements stay pending: \(error)")
        }
    }
}
