import Foundation
import Testing
import Acknowledgement
import RuleLanguage

/// The composed acknowledgement, byte for byte, for the intents with their own
/// text and the generic one, in every shipped language. Golden files live in
/// Tests/Fixtures/acknowledgements/<lang>/<intent>.eml; set
/// BILLTRIAGE_UPDATE_GOLDEN=1 to rewrite them after a deliberate change (and
/// read the diff).
@Suite struct AckGoldenTests {
    static let customers: [String: (name: String, subject: String)] = [
        "en": ("Margaret O'Neill", "Invoice INV-2026-0412 charged twice"),
        "de": ("Jürgen Weiß", "Rechnung RE-2026-7781 doppelt abgebucht"),
        "fr": ("Hélène Dubois", "Facture FA-2026-0093 : montant erroné"),
        "es": ("Ana Pérez", "Factura F-2026-339 cobrada dos veces"),
        "pt": ("João Simões", "Fatura FT 2026/118 cobrada em duplicado"),
        "it": ("Giulia Romanò", "Fattura 2026/FE/0415 addebitata due volte"),
        "nl": ("Sanne de Vries", "Factuur 2026-00871 dubbel afgeschreven"),
    ]
    static let intents: [Intent] = [.dispute, .refund, .paymentQuestion, .statusQuery, .paymentPlan, .other]

    static var cases: [(String, Intent)] {
        customers.keys.sorted().flatMap { language in intents.map { (language, $0) } }
    }

    @Test(arguments: cases)
    func composedAcknowledgementMatchesItsGoldenFile(language: String, intent: Intent) throws {
        let library = try TemplateLibrary(directory: Paths.templates)
        let (template, locale, used) = try #require(library.template(language: language, intent: intent))
        #expect(used == language)
        var settings = AckSettings()
        settings.from = "billing@example.com"
        settings.desk = "Billing Support"
        let composer = AckComposer(settings: settings, timeZone: TimeZone(identifier: "Europe/Madrid")!)
        let customer = Self.customers[language]!
        let request = AckRequest(
            ticket: "BT-000123", recipient: "customer@example.org", customerName: customer.name, language: language,
            invoices: ["INV-2026-0412", "INV-2026-0413"], amounts: [(value: "1234.56", currency: "EUR")],
            slaDue: ISO8601DateFormatter().date(from: "2026-12-01T15:00:00Z")!,
            originalSubject: customer.subject, originalMessageID: "<original-\(language)@example.org>",
            originalReferences: ["<earlier-\(language)@example.org>"])
        let now = ISO8601DateFormatter().date(from: "2026-11-30T09:15:00Z")!
        let out = composer.compose(request, template: template, locale: locale, now: now,
                                   messageID: "<bt-000123.golden@example.com>")
        let text = String(decoding: out.bytes, as: UTF8.self)
        let path = "\(Paths.fixtures)/\(language)/\(intent.rawValue).eml"
        if ProcessInfo.processInfo.environment["BILLTRIAGE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == golden, "\(path) differs; BILLTRIAGE_UPDATE_GOLDEN=1 rewrites it")
        // What every acknowledgement must carry, whatever the template says.
        for header in ["Auto-Submitted: auto-replied\n", "X-Auto-Response-Suppress: All\n",
                       "In-Reply-To: <original-\(language)@example.org>\n",
                       "References: <earlier-\(language)@example.org>\n <original-\(language)@example.org>\n",
                       "To: <customer@example.org>\n", "Content-Type: text/plain; charset=UTF-8\n"] {
            #expect(text.contains(header), "\(language)/\(intent.rawValue) lacks \(header)")
        }
        let body = composer.body(request, template: template, locale: locale)
        #expect(body.contains("BT-000123"))
        #expect(body.contains(locale.format(date: request.slaDue, timeZone: TimeZone(identifier: "Europe/Madrid")!)))
        #expect(!body.contains("{") && !body.contains("}"))
    }
}
