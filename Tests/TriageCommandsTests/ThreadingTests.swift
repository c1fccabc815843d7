import Foundation
import Testing
import TicketStore

/// Replies join their ticket (SPEC §9); automated mail attaches as a note.
@Suite struct ThreadingTests {
    private func deliver(_ mail: String, _ s: BT.Scratch) throws -> String {
        let r = try BT.run(["deliver", "--verbose"], stdin: mail, scratch: s)
        #expect(r.status == 0, "\(r.stderr)")
        // The first line says what happened to the ticket; the second, to its acknowledgement.
        return String(r.stdout.split(separator: "\n").first ?? "")
    }

    private let first = BT.mail(id: "t1@example.es", subject: "Factura F-2026-500 cobrada dos veces",
                                body: "Me han cobrado dos veces la factura F-2026-500 de 89,90 €. Quiero la devolución.")

    @Test func replyJoinsByInReplyTo() throws {
        let s = BT.Scratch()
        #expect(try deliver(first, s) == "BT-000001 created")
        let reply = BT.mail(id: "t2@example.es", subject: "Re: algo", body: "¿Alguna novedad?", extra: "In-Reply-To: <t1@example.es>\n")
        #expect(try deliver(reply, s) == "BT-000001 follow-up")
        #expect(try TicketDatabase(path: s.db).ticket(1)?.0.followUps == 1)
    }

    @Test func replyJoinsBySubjectTag() throws {
        let s = BT.Scratch()
        _ = try deliver(first, s)
        let tagged = BT.mail(id: "t3@example.org", from: "otra@example.org", subject: "Re: Factura [BT-000001]", body: "Soy su contable.")
        #expect(try deliver(tagged, s) == "BT-000001 follow-up")
    }

    @Test func sameSenderAndInvoiceJoinsTheOpenTicket() throws {
        let s = BT.Scratch()
        _ = try deliver(first, s)
        let again = BT.mail(id: "t4@example.es", subject: "Otra vez", body: "La factura F-2026-500 sigue sin corregir.")
        #expect(try deliver(again, s) == "BT-000001 follow-up")
        let stranger = BT.mail(id: "t5@example.org", from: "x@example.org", subject: "Hola", body: "Mi factura F-2026-500 también.")
        #expect(try deliver(stranger, s) == "BT-000002 created")
    }

    @Test func outOfOfficeReplyToOurAcknowledgementDoesNotReopen() throws {
        let s = BT.Scratch()
        _ = try deliver(first, s)
        let db = try TicketDatabase(path: s.db)
        try db.write { tx in
            try tx.recordAcknowledgement(ticket: 1, messageRow: 1, messageID: "<ack-1@billing.example.com>",
                                         recipient: "ana@example.es", status: "sent", reason: "", at: Date(), raw: nil)
            try tx.setStatus(ticket: 1, "closed", at: Date())
        }
        let before = try #require(try db.ticket(1)?.0)
        let ooo = BT.mail(id: "ooo@example.es", subject: "Respuesta automática: Re: Factura [BT-000001]",
                          body: "Estoy fuera de la oficina hasta el lunes.",
                          extra: "In-Reply-To: <ack-1@billing.example.com>\nAuto-Submitted: auto-replied\n")
        #expect(try deliver(ooo, s) == "BT-000001 note added")
        let after = try #require(try TicketDatabase(path: s.db).ticket(1))
        #expect(after.0.status == "closed")
        #expect(after.0.priority == before.priority && after.0.followUps == before.followUps)
        #expect(after.1.last?.role == "note")
    }

    @Test func bounceOfOurAcknowledgementMarksItBounced() throws {
        let s = BT.Scratch()
        _ = try deliver(first, s)
        try TicketDatabase(path: s.db).write { tx in
            try tx.recordAcknowledgement(ticket: 1, messageRow: 1, messageID: "<ack-9@billing.example.com>",
                                         recipient: "ana@example.es", status: "sent", reason: "", at: Date(), raw: nil)
        }
        let bounce = """
            From: MAILER-DAEMON@mx.example.es
            To: billing@example.com
            Message-ID: <dsn-1@mx.example.es>
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered.
            --b
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; ana@example.es
            Action: failed
            Status: 5.1.1
            --b
            Content-Type: text/rfc822-headers

            Message-ID: <ack-9@billing.example.com>
            Subject: Re: Factura [BT-000001]
            --b--
            """
        #expect(try deliver(bounce, s) == "BT-000001 note added")
        #expect(try TicketDatabase(path: s.db).read { try $0.acknowledgementStatus(messageID: "<ack-9@billing.example.com>") } == "bounced")
    }
}
