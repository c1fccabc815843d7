import Foundation
import Testing
import Acknowledgement
import RuleLanguage
import TextMatching

enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Rules/templates").path
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/acknowledgements").path

    static func scratch(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "bt-ack-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

@Suite struct TemplateTests {
    @Test func conditionalLinesFollowTheirValue() throws {
        let t = try AckTemplate(path: "t.txt", contents: """
            # a comment for analysts
            ?name Dear {name},
            !name Hello,
            Ticket {ticket}, answer by {due_date}.
            ?invoices It concerns {invoices}.
            !amounts No amount was mentioned.
            """)
        #expect(t.render([.ticket: "BT-000007", .dueDate: "Monday", .name: "Ana"])
                == "Dear Ana,\nTicket BT-000007, answer by Monday.\nNo amount was mentioned.\n")
        #expect(t.render([.ticket: "BT-000007", .dueDate: "Monday", .invoices: "F-1 and F-2", .amounts: "5 EUR"])
                == "Hello,\nTicket BT-000007, answer by Monday.\nIt concerns F-1 and F-2.\n")
    }

    @Test func bracesThatAreNoPlaceholderStayAsWritten() throws {
        let t = try AckTemplate(path: "t.txt", contents: "Ticket {ticket} {a{ticket} by {due_date} {open\n{ticket}{")
        #expect(t.render([.ticket: "BT-1", .dueDate: "Monday"]) == "Ticket BT-1 {a{ticket} by Monday {open\nBT-1{\n")
    }

    @Test(arguments: [
        ("Ticket {ticket} by {due_date} for {customer}", "t.txt:1:35: unknown placeholder '{customer}'"),
        ("Ticket {ticket}\n?nmae Dear {name}\n{due_date}", "t.txt:2:2: unknown condition '?nmae'"),
        ("Dear {name}, we will answer by {due_date}.", "t.txt:1:1: the template never says {ticket}"),
        ("Ticket {ticket}.", "t.txt:1:1: the template never says {due_date}"),
        ("# only a comment\n", "t.txt:1:1: the template has no text"),
    ])
    func brokenTemplatesAreErrorsWithTheirPlace(text: String, expected: String) {
        #expect(throws: RuleFile.SyntaxError.self) { try AckTemplate(path: "t.txt", contents: text) }
        do { _ = try AckTemplate(path: "t.txt", contents: text) } catch {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }

    /// 1 December 2026 is a Tuesday; every shipped language writes it its own way.
    @Test(arguments: [
        ("en", "Tuesday, 1 December 2026", "1,234.56 EUR", "A, B and C"),
        ("de", "Dienstag, 1. Dezember 2026", "1.234,56 EUR", "A, B und C"),
        ("fr", "mardi 1er décembre 2026", "1 234,56 EUR", "A, B et C"),
        ("es", "martes, 1 de diciembre de 2026", "1.234,56 EUR", "A, B y C"),
        ("pt", "terça-feira, 1º de dezembro de 2026", "1.234,56 EUR", "A, B e C"),
        ("it", "martedì 1º dicembre 2026", "1.234,56 EUR", "A, B e C"),
        ("nl", "dinsdag 1 december 2026", "1.234,56 EUR", "A, B en C"),
    ])
    func shippedLocalesWriteDatesAmountsAndLists(language: String, date: String, amount: String, list: String) throws {
        let library = try TemplateLibrary(directory: Paths.templates)
        let locale = try #require(library.languages[language]).locale
        let day = ISO8601DateFormatter().date(from: "2026-12-01T10:00:00Z")!
        #expect(locale.format(date: day, timeZone: TimeZone(identifier: "UTC")!) == date)
        #expect(locale.format(amount: "1234.56", currency: "EUR") == amount)
        #expect(locale.list(["A", "B", "C"]) == list)
    }

    @Test func shippedTemplatesLintCleanAndCoverEveryLanguageAndTheRequiredIntents() throws {
        #expect(TemplateLibrary.lint(directory: Paths.templates).map(\.description) == [])
        let library = try TemplateLibrary(directory: Paths.templates)
        #expect(Set(library.languages.keys) == ["en", "es", "fr", "de", "pt", "it", "nl"])
        for (code, language) in library.languages {
            for intent in [Intent.dispute, .refund, .paymentQuestion, .statusQuery, .paymentPlan] {
                #expect(language.byIntent[intent] != nil, "\(code) has no \(intent.rawValue).txt")
            }
        }
    }

    @Test func lookupFallsBackToGenericThenEnglish() throws {
        let library = try TemplateLibrary(directory: Paths.templates)
        let (_, _, used) = try #require(library.template(language: "sv", intent: .refund))
        #expect(used == "en")
        let (other, _, _) = try #require(library.template(language: "de", intent: .other))
        let generic = try #require(library.languages["de"]).generic
        #expect(other == generic)
    }

    @Test func lintFindsEveryKindOfTemplateProblem() throws {
        let dir = Paths.scratch("lint")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: (dir + "/" + path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: dir + "/" + path, atomically: true, encoding: .utf8)
        }
        let locale = try String(contentsOfFile: Paths.templates + "/de/locale.toml", encoding: .utf8)
        try write("de/locale.toml", locale)
        try write("de/generic.txt", "Vorgang {ticket}, Antwort bis {due_date}.\n")
        try write("de/refund.txt", "Vorgang {ticket}, Antwort bis {due_date}, {betrag}.\n")
        try write("de/refunds.txt", "Vorgang {ticket} bis {due_date}.\n")
        try write("nl/locale.toml", "months = [\"januari\"]\n")
        let problems = TemplateLibrary.lint(directory: dir).map(\.description)
        #expect(problems.contains { $0.contains("/en:1:1: the English templates (the last resort) are missing") })
        #expect(problems.contains { $0.contains("de/refund.txt:1:43: unknown placeholder '{betrag}'") })
        #expect(problems.contains { $0.contains("de/refunds.txt:1:1: 'refunds' is not an intent") })
        #expect(problems.contains { $0.contains("nl/locale.toml:1:1: 'months' must be a list of 12 names") })
        #expect(problems.contains { $0.contains("nl/generic.txt:1:1: every language needs generic.txt") })
        #expect(problems.count == 5, "\(problems)")
    }
}
