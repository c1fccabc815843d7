import ArgumentParser
import Foundation
import Pipeline
import TicketStore

/// `billtriage tickets list|show|export`.
struct Tickets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "Read the ticket queue.",
        subcommands: [List.self, Show.self, Export.self]
    )

    /// An existing ticket database: `--db`, then `$BILLTRIAGE_DB`, then ./billtriage.sqlite.
    static func openExisting(_ db: String?) throws -> TicketDatabase {
        let path = db ?? ProcessInfo.processInfo.environment["BILLTRIAGE_DB"] ?? "billtriage.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path): no ticket database (run batch or deliver first, or pass --db)")
        }
        return try TicketDatabase(path: path)
    }

    struct Filters: ParsableArguments {
        @Option(help: "open, pending or closed.") var status: String?
        @Option(help: "An intent.") var intent: String?
        @Option(help: "urgent, high, normal or low.") var priority: String?
        @Option(help: "An ISO 639-1 code.") var language: String?
        @Option(help: "A queue name.") var queue: String?
        @Flag(help: "Only tickets past their SLA due time.") var slaBreached = false
        @Option(help: "The ticket database (default: $BILLTRIAGE_DB, then ./billtriage.sqlite).") var db: String?

        var filter: TicketFilter {
            var f = TicketFilter()
            f.status = status
            f.intent = intent
            f.priority = priority
            f.language = language
            f.queue = queue
            f.slaBreached = slaBreached
            return f
        }

        func open() throws -> TicketDatabase { try Tickets.openExisting(db) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per ticket, most urgent first.")
        @OptionGroup var filters: Filters

        func run() throws {
            let rows = try filters.open().tickets(filters.filter)
            for t in rows {
                let due = String(t.slaDue.prefix(16)).replacingOccurrences(of: "T", with: " ")
                print([t.ticket, t.status, t.priority, t.intent, t.language, due, t.sender,
                       String(t.subject.prefix(60))].joined(separator: "\t"))
            }
            printError("\(rows.count) tickets")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A ticket with its messages and the decision trace of each.")
        @Argument(help: "BT-000123 or 123.") var ticket: String
        @OptionGroup var filters: Filters

        func run() throws {
            guard let id = TicketID.parse(ticket) else { throw ValidationError("'\(ticket)' is not a ticket id") }
            let database = try filters.open()
            guard let (t, messages) = try database.ticket(id) else {
                printError("billtriage: no ticket \(ticket)")
                throw ExitCode(1)
            }
            print(TicketText.render(t, messages, acknowledgements: try database.acknowledgements(ticket: id)))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Every (filtered) ticket as JSON lines or CSV.")
        @Option(help: "json (one object per line) or csv.") var format: String = "json"
        @OptionGroup var filters: Filters

        func validate() throws {
            guard ["json", "csv"].contains(format) else { throw ValidationError("--format must be json or csv") }
        }

        func run() throws {
            let rows = try filters.open().tickets(filters.filter)
            if format == "csv" {
                print(TicketText.csvHeader)
                for t in rows { print(TicketText.csv(t)) }
            } else {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for t in rows { print(String(decoding: try encoder.encode(t), as: UTF8.self)) }
            }
        }
    }
}
