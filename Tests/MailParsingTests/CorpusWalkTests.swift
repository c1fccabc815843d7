import Foundation
import Testing
import MailModel
@testable import MailParsing

/// Every third-party message and mailbox in ../shared/corpora parses: no
/// crash, no hang, clean UTF-8 text, and mailboxes split as their sources say.
@Suite(.enabled(if: Fixtures.corporaAvailable, "needs ../shared/corpora"), .timeLimit(.minutes(5)))
struct CorpusWalkTests {
    /// Text the rest of the pipeline reads must not carry raw CR or NUL bytes.
    private static func checkClean(_ text: String, _ what: String, _ path: String) {
        #expect(!text.utf8.contains(0x00) && !text.utf8.contains(0x0D), "\(what) of \(path) has CR or NUL")
    }

    private static func checkModel(_ message: Message, path: String) throws {
        checkClean(message.subject, "subject", path)
        checkClean(message.body.text, "body", path)
        for view in [message.views.newText, message.views.quoted, message.views.signature] {
            checkClean(view, "view", path)
            // Views are cut from the body: every line of a view is a line of the body.
            for line in view.split(separator: "\n").prefix(20) {
                let trimmed = line.trimmingCharacters(in: " \t")
                if trimmed.isEmpty { continue }
                #expect(message.body.text.contains(trimmed), "view line \(line.debugDescription) not in body: \(path)")
            }
        }
        // The model serializes (what `parse --json` prints).
        let json = try JSONEncoder().encode(message)
        #expect(json.count > 0)
    }

    @Test func everyMimeCorpusMessageParses() throws {
        let files = Fixtures.corpusFiles(under: "mime")
        #expect(files.count > 1500)
        let parser = MIMEParser()
        var withBody = 0
        for path in files {
            let message = parser.parse(try Fixtures.bytes(atCorpusPath: path))
            try Self.checkModel(message, path: path)
            if message.body.source != .none { withBody += 1 }
        }
        #expect(withBody > files.count * 9 / 10)
    }

    /// sisimai ships each bounce with LF (bsd/), CRLF (dos/) and CR-only (mac/) line ends.
    @Test func lineEndingsDoNotChangeTheModel() throws {
        let parser = MIMEParser()
        var compared = 0
        for path in Fixtures.corpusFiles(under: "mime/sisimai-set-of-emails/bsd") {
            let name = String(path.dropFirst("mime/sisimai-set-of-emails/bsd/".count))
            let lf = parser.parse(try Fixtures.bytes(atCorpusPath: path))
            for variant in ["dos", "mac"] {
                let other = "mime/sisimai-set-of-emails/\(variant)/\(name)"
                guard FileManager.default.fileExists(atPath: Fixtures.corpora.appendingPathComponent(other).path) else { continue }
                let m = parser.parse(try Fixtures.bytes(atCorpusPath: other))
                #expect(m.subject == lf.subject, "\(other)")
                #expect(m.body.text == lf.body.text, "\(other)")
                #expect(m.attachments.map(\.filename) == lf.attachments.map(\.filename), "\(other)")
                compared += 1
            }
        }
        #expect(compared > 100)
    }

    @Test func everyMailboxReads() throws {
        let parser = MIMEParser()
        let root = Fixtures.corpora.appendingPathComponent("mailbox")
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        var total = 0
        for folder in folders {
            for entry in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
            where entry != "SOURCE.md" && entry != "README" {
                let reader = try MailboxReader(path: root.appendingPathComponent("\(folder)/\(entry)").path)
                while let raw = try reader.next() {
                    try Self.checkModel(parser.parse(raw.bytes), path: raw.source)
                    total += 1
                }
            }
        }
        #expect(total > 500)
    }

    static func messages(_ path: String) throws -> [RawMessage] {
        let reader = try MailboxReader(path: Fixtures.corpora.appendingPathComponent("mailbox/" + path).path)
        var out: [RawMessage] = []
        while let m = try reader.next() { out.append(m) }
        return out
    }

    @Test(arguments: [
        ("apache-james-mime4j/mbox.rlug", 5),
        ("sisimai-set-of-emails/mbox-0", 37),
        ("sisimai-set-of-emails/mbox-1", 1),
        ("sisimai-set-of-emails/size-0", 0),
        // Degenerate "mailboxes" named explicitly are read as one (defective) message each.
        ("sisimai-set-of-emails/size-1", 1),
        ("sisimai-set-of-emails/size-2", 1),
        ("cpython/mailbox_01.mbox", 1),
        ("thunderbird-mailnews/mbox_mboxrd", 2),
        ("thunderbird-mailnews/mbox_modern", 2),
        ("thunderbird-mailnews/mbox_unquoted", 2),
        ("thunderbird-mailnews/movemailspool", 3),
        ("mimekit/unmunged.mbox.txt", 2),
        ("mimekit/simple.mbox.txt", 3),
        ("mimekit/content-length.mbox.txt", 29),
        ("mimekit/issue1189.mbox.txt", 4),
        ("spamassassin/nice.mbox", 3),
        ("gnu-mailutils/teaparty.mbox", 95),
        ("gnu-mailutils/mbox1", 5),
    ])
    func mboxSplitsAsExpected(path: String, count: Int) throws {
        #expect(try Self.messages(path).count == count)
    }

    /// mime4j ships the rlug mbox and its expected split into mbox.rlug-0 … -4.
    @Test func rlugSplitMatchesTheShippedParts() throws {
        let parts = try Self.messages("apache-james-mime4j/mbox.rlug")
        let parser = MIMEParser()
        for (i, raw) in parts.enumerated() {
            let expectedBytes = try Fixtures.bytes(atCorpusPath: "mailbox/apache-james-mime4j/mbox.rlug-\(i)")
            let got = parser.parse(raw.bytes), want = parser.parse(expectedBytes)
            #expect(got.subject == want.subject)
            #expect(got.messageID == want.messageID)
            #expect(got.body.text.trimmingSpaces() == want.body.text.trimmingSpaces())
        }
    }

    @Test func mboxrdQuotingIsUndoneAndBodyFromLinesStay() throws {
        let rd = try Self.messages("thunderbird-mailnews/mbox_mboxrd")
        let body = MIMEParser().parse(rd[0].bytes).body.text
        #expect(body.contains("\nFrom (should be escaped).\n"))
        let cpython = try Self.messages("cpython/mailbox_01.mbox")
        #expect(MIMEParser().parse(cpython[0].bytes).body.text.contains("From time to time"))
        let unmunged = try Self.messages("mimekit/unmunged.mbox.txt")
        #expect(MIMEParser().parse(unmunged[1].bytes).body.text.contains("From Russia with love\nYear: 1963"))
    }

    @Test func maildirTreesListCurAndNewButNotTmp() throws {
        let path = Fixtures.corpora.appendingPathComponent("mailbox/mu-maildir/testdir").path
        let reader = try MailboxReader(path: path)
        #expect(reader.kind == .maildir)
        var sources: [String] = []
        while let m = try reader.next() { sources.append(m.source) }
        #expect(!sources.isEmpty)
        #expect(sources.allSatisfy { $0.contains("/cur/") || $0.contains("/new/") })
        let expected = FileManager.default.enumerator(atPath: path)!.compactMap { $0 as? String }
            .filter { ($0.contains("cur/") || $0.contains("new/")) && !$0.hasSuffix("/cur") && !$0.hasSuffix("/new") }
            .filter { var d: ObjCBool = false; FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &d); return !d.boolValue }
        #expect(sources.count == expected.count)
    }
}
