import Acknowledgement
import Foundation
import Pipeline
import Testing
import TicketStore

/// One acknowledgement per new human ticket, recorded on the ticket, written to
/// the outbox after the commit — and none for duplicates, follow-ups, automated
/// mail, null senders or past the per-sender rate limit (SPEC §10).
@Suite struct AcknowledgementFlowTests {
    private func deliver(_ mail: String, _ s: BT.Scratch, _ extra: [String] = []) throws -> [String] {
        let r = try BT.run(["deliver", "--verbose"] + extra, stdin: mail, scratch: s)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    private func outbox(_ s: BT.Scratch) -> [String] {
        let dir = s.path + "/outbox/new"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map {
            (try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8)) ?? ""
        }
    }

    private let refund = BT.mail(id: "r1@example.es", subject: "Devolución factura F-2026-500",
                                 body: "Me cobraron dos veces la factura F-2026-500 de 89,90 €. Quiero la devolución del segundo cargo.")

    @Test func newTicketGetsOneAcknowledgementInItsLanguageAndDuplicatesNone() throws {
        let s = BT.Scratch()
        let lines = try deliver(refund, s)
        #expect(lines.first == "BT-000001 created")
        #expect(lines.last?.hasPrefix("acknowledgement <bt-000001.") == true && lines.last?.hasSuffix(" to ana@example.es") == true)
        #expect(try deliver(refund, s).first == "BT-000001 duplicate")
        let sent = outbox(s)
        #expect(sent.count == 1)
        let ack = try #require(sent.first)
        for header in ["Auto-Submitted: auto-replied", "In-Reply-To: <r1@example.es>", "To: <ana@example.es>",
                       "Subject: =?UTF-8?B?", "Content-Language: es", "X-Auto-Response-Suppress: All"] {
            #expect(ack.contains(header), "missing \(header)")
        }
        #expect(ack.contains("F-2026-500") && ack.contains("89,90 EUR") && ack.contains("BT-000001"))
        let rows = try TicketDatabase(path: s.db).acknowledgements(ticket: 1)
        #expect(rows.map(\.status) == ["written"] && rows.first?.sentAt != nil)
    }

    @Test func followUpsAndOutOfOfficeRepliesToTheAcknowledgementGetNone() throws {
        let s = BT.Scratch()
        _ = try deliver(refund, s)
        let ackID = try #require(try TicketDatabase(path: s.db).acknowledgements(ticket: 1).first?.messageID)
        let followUp = BT.mail(id: "r2@example.es", subject: "Re: Devolución", body: "¿Hay novedades?",
                               extra: "In-Reply-To: <r1@example.es>\n")
        #expect(try deliver(followUp, s) == ["BT-000001 follow-up", "no acknowledgement (follow_up)"])
        let ooo = BT.mail(id: "ooo1@example.es", subject: "Fuera de la oficina: Re: Devolución [BT-000001]",
                          body: "Estaré fuera de la oficina hasta el lunes 7.",
                          extra: "In-Reply-To: \(ackID)\nAuto-Submitted: auto-replied\n")
        #expect(try deliver(ooo, s) == ["BT-000001 note added", "no acknowledgement (automated)"])
        #expect(outbox(s).count == 1)
    }

    @Test func perSenderRateLimitStopsTheFourthAcknowledgementIn24Hours() throws {
        let s = BT.Scratch()
        var last: [String] = []
        for k in 1...4 {
            let m = BT.mail(id: "rate\(k)@example.es", subject: "Consulta \(k)",
                            body: "¿Cómo puedo pagar la factura F-2026-\(600 + k) con transferencia?")
            last = try deliver(m, s)
            #expect(last.first == "BT-00000\(k) created")
        }
        #expect(last.last == "no acknowledgement (rate_limited)")
        #expect(outbox(s).count == 3)
    }

    @Test func nullEnvelopeSenderAndOwnAddressesGetNone() throws {
        let s = BT.Scratch(config: "[acknowledgement]\nfrom = \"billing@example.com\"\nown_domains = [\"example.com\"]\n")
        #expect(try deliver(refund, s, ["--sender", ""]).last == "no acknowledgement (no_sender)")
        let colleague = BT.mail(id: "c1@example.com", from: "agent@example.com", subject: "Refund for customer",
                                body: "Please refund invoice F-2026-777 to the customer.")
        #expect(try deliver(colleague, s).last == "no acknowledgement (own_address)")
        #expect(outbox(s).isEmpty)
    }

    @Test func aFailedSendStaysPendingAndIsHandedOverByALaterRun() throws {
        let s = BT.Scratch(config: "[acknowledgement]\nmailer = \"sendmail:///nonexistent/sendmail\"\n")
        let r = try BT.run(["deliver", "--send"], stdin: refund, scratch: s)
        #expect(r.status == 0, "the ticket stands even when the acknowledgement cannot be sent: \(r.stderr)")
        #expect(r.stderr.contains("acknowledgement"))
        let db = try TicketDatabase(path: s.db)
        #expect(try db.acknowledgements(ticket: 1).map(\.status) == ["pending"])
        // The next run (past the retry back-off) hands it over through the outbox.
        var settings = AckSettings()
        settings.outbox = s.path + "/outbox"
        let dispatcher = try AckDispatcher.make(settings: settings, send: false, databasePath: s.db)
        let report = dispatcher.dispatch(db, limit: 10, now: Date().addingTimeInterval(400))
        #expect(report.delivered == 1, "\(report)")
        #expect(try db.acknowledgements(ticket: 1).map(\.status) == ["written"])
        #expect(outbox(s).count == 1)
    }
}

@Suite struct BrokenTemplateTests {
    /// A template error in the message's language is a configuration error (78): nothing is
    /// stored, the MTA keeps the message, and it goes through once the template is fixed.
    @Test func brokenTemplateOfTheMessagesLanguageExits78AndStoresNothing() throws {
        let s = BT.Scratch()
        let rules = s.path + "/Rules"
        try FileManager.default.copyItem(atPath: BT.repositoryRoot.appendingPathComponent("Rules").path, toPath: rules)
        // generic.txt is read for every acknowledgement of the language (with the locale and the intent's text).
        let refund = rules + "/templates/es/generic.txt"
        let good = try String(contentsOfFile: refund, encoding: .utf8)
        try (good + "\n{importe}\n").write(toFile: refund, atomically: true, encoding: .utf8)
        let mail = BT.mail(id: "tpl1@example.es", subject: "Devolución", body: "Quiero la devolución de la factura F-2026-900, me cobraron dos veces.")
        let broken = try BT.run(["deliver", "--rules", rules], stdin: mail, scratch: s)
        #expect(broken.status == 78 && broken.stderr.contains("generic.txt") && broken.stderr.contains("{importe}"), "\(broken.stderr)")
        let stored = FileManager.default.fileExists(atPath: s.db) ? try TicketDatabase(path: s.db).counts().tickets : 0
        #expect(stored == 0)
        try good.write(toFile: refund, atomically: true, encoding: .utf8)
        let fixed = try BT.run(["deliver", "--rules", rules], stdin: mail, scratch: s)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try TicketDatabase(path: s.db).counts().tickets == 1)
    }
}
