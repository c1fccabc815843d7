import Foundation
import Testing
import TicketStore

/// `learn --ticket`: a support agent's correction reaches the model once and the ticket takes it.
@Suite struct LearnTicketTests {
    @Test func correctionFromATicketIsLearnedOnceAndRelabelsTheTicket() throws {
        let s = BT.Scratch()
        let mail = BT.mail(id: "lt1@example.es", subject: "Consulta", body: "Buenos días, ¿me pueden decir algo sobre la factura F-2026-77? Gracias.")
        #expect(try BT.run(["deliver"], stdin: mail, scratch: s).status == 0)
        let first = try BT.run(["learn", "--ticket", "BT-000001", "--intent", "refund"], scratch: s)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("learned 1 message(s) as refund; 0 already"))
        let again = try BT.run(["learn", "--ticket", "1", "--intent", "refund"], scratch: s)
        #expect(again.stdout.contains("learned 0 message(s) as refund; 1 already"))
        let ticket = try #require(try TicketDatabase(path: s.db).ticket(1)?.0)
        #expect(ticket.intent == "refund")
        #expect(!ticket.needsReview)
        // The same message learned from its file afterwards still counts once (the original's hash is stored).
        let file = s.path + "/m.eml"
        try Data(mail.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try BT.run(["learn", "--intent", "refund", file], scratch: s).stdout.contains("learned 0 message(s)"))
    }

    @Test func unknownTicketIsAnError() throws {
        let s = BT.Scratch()
        #expect(try BT.run(["deliver"], stdin: BT.mail(id: "lt2@example.es", subject: "x", body: "y"), scratch: s).status == 0)
        let r = try BT.run(["learn", "--ticket", "BT-000042", "--intent", "refund"], scratch: s)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no ticket BT-000042"))
    }
}
