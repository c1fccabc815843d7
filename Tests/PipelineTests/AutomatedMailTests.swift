import Foundation
import Testing
import MailParsing
import Pipeline
import RuleLanguage

/// Automated mail is recognised from headers, structure and wording, on real
/// third-party bounces and on the demo mailbox.
@Suite struct AutomatedMailTests {
    private func automated(_ path: String) throws -> [(source: String, kind: AutomatedKind?)] {
        let reader = try MailboxReader(path: path)
        var out: [(String, AutomatedKind?)] = []
        while let raw = try reader.next() { out.append((raw.source, Support.rulesOnly.run(raw).automated)) }
        return out
    }

    @Test(.enabled(if: Support.corporaAvailable, "needs ../shared/corpora"))
    func realBouncesAreAutomated() throws {
        let results = try automated(Support.corpora.appendingPathComponent("mime/sisimai-set-of-emails/bsd").path)
        #expect(results.count > 600)
        let detected = results.filter { $0.kind != nil }.count
        // sisimai's set includes abuse reports and list-manager notices that are not bounces; 98% is the floor.
        #expect(Double(detected) / Double(results.count) >= 0.98, "\(results.filter { $0.kind == nil }.map(\.source))")
        let dsn = try automated(Support.corpora.appendingPathComponent("mime/go-enmime/dsn").path)
        #expect(dsn.allSatisfy { $0.kind == .bounce })
    }

    @Test func demoMailboxAutomatedMessages() throws {
        let results = try automated(Support.repositoryRoot.appendingPathComponent("Corpus/demo/demo.mbox").path)
        let flagged = results.filter { $0.kind != nil }
        #expect(flagged.map { String($0.source.split(separator: "#").last!) } == ["18", "29"])
        #expect(flagged.map(\.kind) == [.autoReply, .bounce])
    }

    @Test func autoReplyAndBounceAreOtherWithLowPriorityAndNoAcknowledgement() throws {
        let raw = RawMessage(source: "t", bytes: Array("""
            From: Jane <jane@example.org>
            To: billing@example.com
            Subject: Automatic reply: Invoice INV-2024-0042
            Auto-Submitted: auto-replied

            I am out of the office until Monday and will refund nothing before then.
            """.utf8))
        let r = Support.rulesOnly.run(raw)
        #expect(r.automated == .autoReply)
        #expect(r.decision.intent == .other)
        let out = ClassifyOutput(r).json()
        #expect(out.contains("\"priority\":\"low\""))
        #expect(out.contains("\"acknowledge\":false,\"ack_suppressed\":\"automated\""))
    }

    @Test func webFormRelayWithCustomerReplyToIsHumanMail() throws {
        let raw = RawMessage(source: "t", bytes: Array("""
            From: Web form <noreply@forms.example.com>
            Reply-To: Ana <ana@example.es>
            Subject: Contact form: refund

            Please refund invoice INV-2026-0042.
            """.utf8))
        #expect(Support.rulesOnly.run(raw).automated == nil)
        let noreply = RawMessage(source: "t", bytes: Array("From: noreply@erp.example.com\nSubject: Remittance advice\n\nPaid.\n".utf8))
        #expect(Support.rulesOnly.run(noreply).automated == .noreply)
    }
}
