import Foundation
import Testing

/// `billtriage parse`, run as a process like a user or a script would.
@Suite struct ParseCommandTests {
    /// `parse` needs no database or configuration: the shared process runner with an empty scratch directory.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> BT.Result {
        try BT.run(arguments, stdin: stdin, scratch: BT.Scratch())
    }

    @Test func parsesStdinAsJSON() throws {
        let r = try Self.run(["parse", "-", "--json"], stdin: """
            From: =?utf-8?Q?In=C3=AAs?= <ines@example.pt>
            Subject: Fatura =?utf-8?Q?n=C2=BA?= 5521

            Paguei ontem.

            Em 3 de nov. de 2026, Suporte <support@example.com> escreveu:
            > Temos uma fatura em aberto.
            """)
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["source"] as? String == "-")
        #expect(object?["subject"] as? String == "Fatura nº 5521")
        let views = object?["views"] as? [String: Any]
        #expect(views?["new_text"] as? String == "Paguei ontem.")
        #expect((views?["quoted"] as? String)?.hasPrefix("Em 3 de nov. de 2026") == true)
        #expect(object?["defects"] as? [Any] != nil)
    }

    @Test func jsonCarriesFactsInTheSpecShapeAndRedactsCards() throws {
        let r = try Self.run(["parse", "-", "--json"], stdin: """
            From: Jan de Vries <jan@example.nl>
            Subject: Factuur 2024-7781 dubbel betaald

            Goedemiddag, ik heb factuur 2024-7781 van € 74,95 twee keer betaald met kaart 4111 1111 1111 1111.
            Mijn klantnummer is 55120. Graag terugstorten op NL91ABNA0417164300.
            """)
        #expect(r.status == 0)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(o["invoices"] as? [String] == ["2024-7781"])
        let amounts = o["amounts"] as? [[String: String]]
        #expect(amounts?.first == ["value": "74.95", "currency": "EUR", "text": "€ 74,95"])
        let references = o["references"] as? [[String: String]]
        #expect(references?.contains(["kind": "customer", "value": "55120"]) == true)
        #expect(references?.contains(["kind": "iban", "value": "NL91ABNA0417164300"]) == true)
        #expect(o["language"] as? String == "nl")
        #expect((o["language_confidence"] as? Double ?? 0) > 0.5)
        #expect(!r.stdout.contains("4111 1111 1111 1111"))
        #expect(r.stdout.contains("**** **** **** 1111"))
        let evidence = o["evidence"] as? [[String: Any]]
        #expect(evidence?.first?["view"] as? String == "subject")
    }

    @Test func readableOutputShowsViewsAndDefects() throws {
        let r = try Self.run(["parse", "-"], stdin: "Subject: x\nContent-Type: multipart/mixed\n\nbody\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("Subject:     x"))
        #expect(r.stdout.contains("multipart_without_boundary"))
        #expect(r.stdout.contains("--- new text ---\nbody"))
    }

    @Test func demoMailboxParsesEveryMessage() throws {
        let demo = BT.repositoryRoot.appendingPathComponent("Corpus/demo/demo.mbox").path
        let r = try Self.run(["parse", demo, "--json"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 40)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test func unreadableFileExitsOne() throws {
        let r = try Self.run(["parse", "/nonexistent/message.eml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/message.eml"))
    }
}
