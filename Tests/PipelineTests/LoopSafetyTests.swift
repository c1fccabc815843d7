import Foundation
import MailModel
import MailParsing
import Pipeline
import Testing
import TicketStore

/// No acknowledgement ever goes to a machine: every auto-reply, bounce and
/// list message of the third-party corpora and of our corpus is delivered
/// into a scratch database, and not one acknowledgement is queued.
@Suite struct LoopSafetyTests {
    static let service: TriageService = {
        // try! is deliberate: the shipped rules and templates must load for this test to mean anything.
        try! TriageService.load(rulesDirectory: Support.rules, configPath: Support.rules + "/billtriage.toml",
                                modelPath: "/nonexistent/model.sqlite")
    }()

    /// What marks mail as machine-written by its headers or structure alone, independent of
    /// billtriage's own rules (RFC 3834, RFC 2369/2919, RFC 3464, de-facto autoresponder headers).
    static func machineMarker(_ m: Message, path: String) -> String? {
        if path.contains("/sisimai-set-of-emails/bsd/") || path.contains("/go-enmime/dsn") { return "bounce corpus" }
        if let a = m.header("Auto-Submitted"), !a.lowercased().hasPrefix("no") { return "Auto-Submitted" }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponse", "X-Failed-Recipients", "List-Id", "List-Unsubscribe",
                     "List-Post", "X-Mailing-List"] where m.header(name) != nil {
            return name
        }
        if let p = m.header("Precedence")?.lowercased(), ["bulk", "list", "junk", "auto_reply"].contains(where: p.contains) {
            return "Precedence"
        }
        if m.structure.contentType.lowercased() == "multipart/report" { return "multipart/report" }
        let local = m.from.first?.localPart ?? ""
        if ["mailer-daemon", "postmaster"].contains(local) { return "system sender" }
        if let rp = m.header("Return-Path"), rp.trimmingCharacters(in: CharacterSet(charactersIn: " <>")).isEmpty { return "Return-Path <>" }
        return nil
    }

    private func deliverAll(_ raws: [RawMessage], into db: TicketDatabase, where isMachine: (TriageResult) -> String?)
        throws -> (checked: Int, acknowledged: [String]) {
        var checked = 0
        var acknowledged: [String] = []
        // One transaction for all: the decisions are the same, thousands of commits would only cost time.
        try db.write { tx in
            for raw in raws {
                let result = Self.service.pipeline.run(raw)
                let recorded = try Self.service.writer.record(result, raw: raw, in: tx)
                guard let why = isMachine(result) else { continue }
                checked += 1
                if case .queued? = recorded.acknowledgement { acknowledged.append("\(raw.source) (\(why))") }
            }
        }
        return (checked, acknowledged)
    }

    private func scratchDatabase() throws -> (TicketDatabase, String) {
        let dir = NSTemporaryDirectory() + "bt-loop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (try TicketDatabase(path: dir + "/t.sqlite"), dir)
    }

    @Test(.enabled(if: Support.corporaAvailable, "needs ../shared/corpora"))
    func noAcknowledgementToAnyAutoReplyBounceOrListMessageOfTheThirdPartyCorpora() throws {
        let reader = try MailboxReader(path: Support.corpora.appendingPathComponent("mime").path)
        var raws: [RawMessage] = []
        while let raw = try reader.next() { raws.append(raw) }
        let (db, dir) = try scratchDatabase()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (checked, acknowledged) = try deliverAll(raws, into: db) { r in
            r.automated.map { "detected \($0.rawValue)" } ?? Self.machineMarker(r.message, path: r.source)
        }
        #expect(checked > 700, "\(checked) machine messages found")
        #expect(acknowledged.isEmpty, "\(acknowledged.count) acknowledged: \(acknowledged.prefix(20))")
    }

    @Test func noAcknowledgementToTheCorpusAutomatedMail() throws {
        let labels = Support.repositoryRoot.appendingPathComponent("Corpus/labels")
        var raws: [RawMessage] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: labels.path).sorted() where file.hasSuffix(".jsonl") {
            for line in try String(contentsOf: labels.appendingPathComponent(file), encoding: .utf8).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                guard let object, !(object["automated"] is NSNull), let path = object["file"] as? String else { continue }
                let reader = try MailboxReader(path: Support.repositoryRoot.appendingPathComponent("Corpus/" + path).path)
                while let raw = try reader.next() { raws.append(raw) }
            }
        }
        #expect(raws.count >= 40, "the corpus has \(raws.count) automated messages")
        let (db, dir) = try scratchDatabase()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Every one is labelled automated by hand: none may be acknowledged, whatever billtriage detects.
        let (checked, acknowledged) = try deliverAll(raws, into: db) { _ in "labelled automated" }
        #expect(checked == raws.count)
        #expect(acknowledged.isEmpty, "\(acknowledged)")
    }
}
