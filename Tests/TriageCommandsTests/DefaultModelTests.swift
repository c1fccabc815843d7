import Foundation
import Testing

/// A fresh checkout has no model file: the first command that classifies with the default model
/// trains it from the corpus next to the Rules directory, once, even when several start at once.
@Suite struct DefaultModelTests {
    /// A checkout-like folder: Rules (the shipped ones, linked), and a Corpus of `messages` labelled
    /// messages copied from the shipped corpus (none when 0).
    static func checkout(_ scratch: BT.Scratch, messages: Int) throws -> String {
        let root = scratch.path + "/checkout"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/Rules", withDestinationPath: BT.repositoryRoot.appendingPathComponent("Rules").path)
        guard messages > 0 else { return root }
        let corpus = BT.repositoryRoot.appendingPathComponent("Corpus").path
        try fm.createDirectory(atPath: root + "/Corpus/labels", withIntermediateDirectories: true)
        let lines = try String(contentsOfFile: corpus + "/labels/ena.jsonl", encoding: .utf8)
            .split(separator: "\n").prefix(messages)
        for line in lines {
            let label = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let file = label["file"] as! String
            let target = root + "/Corpus/" + file
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: corpus + "/" + file, toPath: target)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: root + "/Corpus/labels/ena.jsonl"))
        return root
    }

    static let mail = BT.mail(id: "default-model-1@example.org", subject: "Refund please",
                              body: "Hello, you charged me twice for invoice INV-2026-0042. Please refund the second payment.")

    @Test func firstClassifyTrainsTheDefaultModelOnceThenUsesIt() throws {
        let scratch = BT.Scratch()
        scratch.unset = ["BILLTRIAGE_MODEL"]
        let root = try Self.checkout(scratch, messages: 40)
        let model = root + "/billtriage-model.sqlite"
        // Three at once: one trains, the others wait for it and use the same model.
        let started = try (0..<3).map { _ in try BT.start(["classify", "--rules", root + "/Rules", "--json", "-"], stdin: Self.mail, scratch: scratch) }
        let results = started.map { BT.finish($0.0, $0.1, $0.2) }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(results.filter { $0.stderr.contains("no model yet: trained") }.count == 1, "\(results.map(\.stderr))")
        #expect(FileManager.default.fileExists(atPath: model))
        #expect(Set(results.map(\.stdout)).count == 1)
        let stored = try #require(results.first?.stdout)
        let again = try BT.run(["classify", "--rules", root + "/Rules", "--json", "-"], stdin: Self.mail, scratch: scratch)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout == stored)
        // With the model, the decision has the model's share: different from the rules alone.
        scratch.unset = []
        let rulesAlone = try BT.run(["classify", "--rules", root + "/Rules", "--json", "-"], stdin: Self.mail, scratch: scratch)
        #expect(rulesAlone.status == 0)
        #expect(rulesAlone.stdout != stored)
    }

    @Test func anExplicitModelOrNoCorpusTrainsNothing() throws {
        let scratch = BT.Scratch()
        scratch.unset = ["BILLTRIAGE_MODEL"]
        let withCorpus = try Self.checkout(scratch, messages: 10)
        let explicit = scratch.path + "/elsewhere.sqlite"
        let r = try BT.run(["classify", "--rules", withCorpus + "/Rules", "--model", explicit, "-"], stdin: Self.mail, scratch: scratch)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: explicit))
        #expect(!FileManager.default.fileExists(atPath: withCorpus + "/billtriage-model.sqlite"))

        let bare = BT.Scratch()
        bare.unset = ["BILLTRIAGE_MODEL"]
        let noCorpus = try Self.checkout(bare, messages: 0)
        let d = try BT.run(["deliver", "--rules", noCorpus + "/Rules"], stdin: Self.mail, scratch: bare)
        #expect(d.status == 0 && d.stderr.isEmpty, "\(d.stderr)")
        #expect(!FileManager.default.fileExists(atPath: noCorpus + "/billtriage-model.sqlite"))
    }
}
