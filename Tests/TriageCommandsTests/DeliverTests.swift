import Foundation
import Testing
import TicketStore

/// The delivery hook as an MTA runs it: many processes at once, retries, duplicates.
@Suite(.serialized) struct DeliverTests {
    @Test func fortyConcurrentDeliveriesMakeFortyTickets() throws {
        let s = BT.Scratch()
        var running: [(Process, Pipe, Pipe)] = []
        for i in 0..<40 {
            let mail = BT.mail(id: "c\(i)@example.es", from: "c\(i)@example.es", subject: "Factura F-2026-\(1000 + i)",
                               body: "Me han cobrado dos veces la factura F-2026-\(1000 + i). Quiero la devolución.")
            running.append(try BT.start(["deliver"], stdin: mail, scratch: s))
        }
        for (p, out, err) in running {
            let r = BT.finish(p, out, err)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let counts = try TicketDatabase(path: s.db).counts()
        #expect(counts.tickets == 40 && counts.messages == 40 && counts.duplicates == 0)
    }

    @Test func theSameMessageFiveTimesAtOnceIsOneTicket() throws {
        let s = BT.Scratch()
        let mail = BT.mail(id: "same@example.es", subject: "Factura F-2026-7", body: "¿Han recibido mi pago de 120 €?")
        let running = try (0..<5).map { _ in try BT.start(["deliver"], stdin: mail, scratch: s) }
        for (p, out, err) in running {
            let r = BT.finish(p, out, err)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let counts = try TicketDatabase(path: s.db).counts()
        #expect(counts.tickets == 1 && counts.messages == 1 && counts.duplicates == 4)
    }

    @Test func aLockedDatabaseIsATemporaryFailureAndTheRetryWorks() throws {
        let s = BT.Scratch(config: "[database]\nbusy_timeout_ms = 300\n")
        let mail = BT.mail(id: "locked@example.es", subject: "Factura F-2026-8", body: "Quiero la devolución de 40 €.")
        #expect(try BT.run(["deliver"], stdin: BT.mail(id: "first@example.es", subject: "x", body: "hola"), scratch: s).status == 0)
        let holder = try TicketDatabase(path: s.db)
        let locked = try BT.run(["deliver"], stdin: mail, scratch: s, whileLocked: holder)
        #expect(locked.status == 75)
        #expect(locked.stderr.contains("temporary failure"))
        #expect(try TicketDatabase(path: s.db).counts().messages == 1)
        let retried = try BT.run(["deliver"], stdin: mail, scratch: s)
        #expect(retried.status == 0)
        #expect(try TicketDatabase(path: s.db).counts().messages == 2)
    }

    @Test func aBrokenConfigurationIsExitSeventyEight() throws {
        let s = BT.Scratch(config: "[database]\nbusy_timeout_ms = nope\n")
        let r = try BT.run(["deliver"], stdin: BT.mail(id: "cfg@example.es", subject: "x", body: "hola"), scratch: s)
        #expect(r.status == 78)
        #expect(r.stderr.contains("billtriage.toml:2:1"))
    }

    @Test func malformedMailIsTicketedWithItsDefects() throws {
        let s = BT.Scratch()
        let r = try BT.run(["deliver", "--verbose"], stdin: "Subject: broken\nContent-Type: multipart/mixed\n\n--x\nhola\n", scratch: s)
        #expect(r.status == 0)
        #expect(r.stdout.contains("created"))
        let (ticket, messages) = try #require(try TicketDatabase(path: s.db).ticket(1))
        #expect(ticket.needsReview)
        #expect(messages.first?.defects.contains("multipart_without_boundary") == true)
    }
}

extension BT {
    /// Runs while `holder` keeps the write lock (BEGIN EXCLUSIVE), then releases it.
    static func run(_ arguments: [String], stdin: String?, scratch: Scratch, whileLocked holder: TicketDatabase) throws -> Result {
        var result: Result? = nil
        try holder.write { _ in
            result = try run(arguments, stdin: stdin, scratch: scratch)
        }
        return result!
    }
}
