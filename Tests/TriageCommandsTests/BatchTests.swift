import Foundation
import Testing
import TicketStore

/// Batch runs: idempotent reruns, and a run killed halfway loses nothing.
@Suite(.serialized) struct BatchTests {
    /// An mbox of `n` distinct billing mails.
    static func mbox(_ n: Int) -> String {
        (0..<n).map { i in
            "From c\(i)@example.org Mon Nov  2 09:14:00 2026\n" + BT.mail(
                id: "b\(i)@example.org", from: "c\(i % 97)@example.org", subject: "Invoice INV-2026-\(10000 + i)",
                body: "Hello, I was charged twice for invoice INV-2026-\(10000 + i) (€\(i % 500 + 10),00). Please refund me.\n")
        }.joined(separator: "\n")
    }

    @Test func rerunOverTheSameMailboxChangesNothing() throws {
        let s = BT.Scratch()
        let box = s.path + "/box.mbox"
        try Data(Self.mbox(60).utf8).write(to: URL(fileURLWithPath: box))
        let first = try BT.run(["batch", box], scratch: s)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try TicketDatabase(path: s.db).counts()
        #expect(before.messages == 60)
        let second = try BT.run(["batch", box], scratch: s)
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 created"))
        let afterSecond = try TicketDatabase(path: s.db).counts()
        _ = try BT.run(["batch", box], scratch: s)
        let afterThird = try TicketDatabase(path: s.db).counts()
        #expect(afterSecond.tickets == before.tickets && afterSecond.messages == before.messages)
        #expect(afterThird.duplicates == afterSecond.duplicates)  // a rerun adds nothing
    }

    @Test func killedHalfwayAndRerunStoresEveryMessageExactlyOnce() throws {
        let s = BT.Scratch(config: "[batch]\nchunk_size = 20\njobs = 1\n")
        let box = s.path + "/big.mbox"
        let n = 1500
        try Data(Self.mbox(n).utf8).write(to: URL(fileURLWithPath: box))
        let (process, out, err) = try BT.start(["batch", box], stdin: nil, scratch: s)
        // Wait until some chunks are committed, then kill -9.
        var committed = 0
        for _ in 0..<600 {
            Thread.sleep(forTimeInterval: 0.05)
            if FileManager.default.fileExists(atPath: s.db), let c = try? TicketDatabase(path: s.db).counts() { committed = c.messages }
            if committed >= 100 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        let partial = try TicketDatabase(path: s.db).counts().messages
        #expect(partial >= 100 && partial < n, "killed after \(partial) messages")
        #expect(partial % 20 == 0, "only whole chunks are committed")
        let rerun = try BT.run(["batch", box], scratch: s)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let counts = try TicketDatabase(path: s.db).counts()
        #expect(counts.messages == n)
        #expect(counts.duplicates == partial)
    }

    @Test func unreadablePathIsListedAndExitsOne() throws {
        let s = BT.Scratch()
        let box = s.path + "/ok.mbox"
        try Data(Self.mbox(3).utf8).write(to: URL(fileURLWithPath: box))
        let r = try BT.run(["batch", box, s.path + "/missing.mbox"], scratch: s)
        #expect(r.status == 1)
        #expect(r.stderr.contains("missing.mbox"))
        #expect(try TicketDatabase(path: s.db).counts().messages == 3)
    }

    /// Each chunk's acknowledgements are handed over while the run goes on (claimed in the chunk's
    /// transaction): at the end every composed one is in the outbox and recorded as written, once.
    @Test func everyAcknowledgementOfARunIsWrittenToTheOutboxOnce() throws {
        let s = BT.Scratch(config: "[batch]\nchunk_size = 20\n")
        let box = s.path + "/box.mbox"
        let n = 300
        try Data(Self.mbox(n).utf8).write(to: URL(fileURLWithPath: box))
        let r = try BT.run(["batch", box], scratch: s)
        #expect(r.status == 0, "\(r.stderr)")
        let db = try TicketDatabase(path: s.db)
        let statuses = try (1...Int64(n)).flatMap { try db.acknowledgements(ticket: $0).map(\.status) }
        // 97 senders, at most 3 acknowledgements each in 24 hours.
        let written = statuses.filter { $0 == "written" }.count
        #expect(written == 97 * 3, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        #expect(statuses.count == n && !statuses.contains("pending"))
        let files = try FileManager.default.contentsOfDirectory(atPath: s.path + "/outbox/new")
        #expect(files.count == written)
        #expect(r.stderr.contains("handed over: \(written) delivered"), "\(r.stderr)")
    }

    @Test func jsonLinesCarryTicketAndThread() throws {
        let s = BT.Scratch()
        let box = s.path + "/box.mbox"
        try Data(Self.mbox(2).utf8).write(to: URL(fileURLWithPath: box))
        let r = try BT.run(["batch", box, "--json"], scratch: s)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("\"ticket\":\"BT-00000") && $0.hasSuffix("\"thread\":\"new\"}") })
        #expect(r.stderr.contains("intent"))
    }
}
