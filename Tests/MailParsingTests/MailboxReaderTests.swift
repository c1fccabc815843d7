import Foundation
import Glibc
import Testing
@testable import MailParsing

/// Mailbox formats are detected and split without holding the mailbox in memory.
@Suite struct MailboxReaderTests {
    /// A scratch directory removed when the test ends.
    final class Scratch {
        let path: String
        init() {
            path = NSTemporaryDirectory() + "billtriage-test-" + UUID().uuidString
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ name: String, _ text: String) {
            let url = URL(fileURLWithPath: path + "/" + name)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
        }
    }

    static let mbox = """
        From ana@example.es Mon Nov  2 09:14:00 2026
        From: ana@example.es
        Subject: uno

        Hola.
        >From the start of the month I was charged twice.
        >>From here too.

        From bob@example.com Tue Nov  3 10:00:00 2026
        From: bob@example.com
        Subject: two

        From time to time I pay late.

        From carla@example.it Wed Nov  4 11:30:00 2026
        From: carla@example.it
        Subject: tre

        Grazie.

        """

    private func readAll(_ path: String) throws -> [RawMessage] {
        let reader = try MailboxReader(path: path)
        var out: [RawMessage] = []
        while let m = try reader.next() { out.append(m) }
        return out
    }

    @Test func mboxSplitsAndUnescapes() throws {
        let s = Scratch()
        s.write("box.mbox", Self.mbox)
        let messages = try readAll(s.path + "/box.mbox")
        #expect(messages.count == 3)
        #expect(messages.map(\.source) == (1...3).map { "\(s.path)/box.mbox#\($0)" })
        let first = String(decoding: messages[0].bytes, as: UTF8.self)
        #expect(first.hasPrefix("From: ana@example.es\n"))
        #expect(first.hasSuffix("From the start of the month I was charged twice.\n>From here too.\n"))
        #expect(String(decoding: messages[1].bytes, as: UTF8.self).contains("\n\nFrom time to time I pay late.\n"))
    }

    /// The splitter reads in chunks; every chunk size gives the same messages.
    @Test(arguments: [1, 2, 3, 5, 7, 16, 64, 1 << 20])
    func chunkBoundariesDoNotChangeTheSplit(chunkSize: Int) throws {
        let s = Scratch()
        s.write("box.mbox", Self.mbox)
        let fd = open(s.path + "/box.mbox", O_RDONLY)
        let splitter = MboxSplitter(fd: fd, chunkSize: chunkSize, maxMessageBytes: 1 << 20)
        var got: [[UInt8]] = []
        while let m = try splitter.next() { got.append(m.bytes) }
        let reference = try readAll(s.path + "/box.mbox").map(\.bytes)
        #expect(got == reference)
    }

    @Test func oversizedMboxMessageIsCappedButCounted() throws {
        let s = Scratch()
        s.write("big.mbox", "From a@example.com Mon Nov  2 09:14:00 2026\nSubject: big\n\n"
                + String(repeating: "x", count: 5000) + "\n\nFrom b@example.com Mon Nov  2 09:15:00 2026\nSubject: small\n\nok\n")
        let fd = open(s.path + "/big.mbox", O_RDONLY)
        let splitter = MboxSplitter(fd: fd, chunkSize: 64, maxMessageBytes: 100)
        let first = try splitter.next()
        #expect(first?.bytes.count == 101)
        #expect(first?.fullSize == 5000 + "Subject: big\n\n".utf8.count + 1)
        let second = try splitter.next()
        #expect(second.map { String(decoding: $0.bytes, as: UTF8.self) } == "Subject: small\n\nok\n")
        #expect(try splitter.next() == nil)
    }

    @Test func maildirReadsCurAndNewNotTmp() throws {
        let s = Scratch()
        s.write("cur/1700000000.1.host:2,S", "Subject: seen\n\na\n")
        s.write("new/1700000001.2.host", "Subject: new\n\nb\n")
        s.write("tmp/1700000002.3.host", "Subject: in delivery\n\nc\n")
        s.write(".Archive/cur/1600000000.4.host:2,S", "Subject: archived\n\nd\n")
        let reader = try MailboxReader(path: s.path)
        #expect(reader.kind == .maildir)
        var subjects: [String] = []
        while let m = try reader.next() { subjects.append(MIMEParser().parse(m.bytes).subject) }
        #expect(subjects == ["archived", "seen", "new"])
    }

    @Test func mhFolderReadsNumberedFilesInOrder() throws {
        let s = Scratch()
        for n in [10, 2, 1] { s.write("\(n)", "Subject: m\(n)\n\nx\n") }
        s.write(".mh_sequences", "unseen: 2\n")
        let reader = try MailboxReader(path: s.path)
        #expect(reader.kind == .mh)
        var subjects: [String] = []
        while let m = try reader.next() { subjects.append(MIMEParser().parse(m.bytes).subject) }
        #expect(subjects == ["m1", "m2", "m10"])
    }

    @Test func directoryMixesMessagesAndMailboxesAndNamesWhatItSkips() throws {
        let s = Scratch()
        s.write("a.eml", "Subject: a\n\nx\n")
        s.write("b.mbox", Self.mbox)
        s.write("notes.txt", "remember to pay\n")
        s.write("empty.eml", "")
        let reader = try MailboxReader(path: s.path)
        #expect(reader.kind == .directory)
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == 4)
        #expect(reader.skipped.map { ($0.path as NSString).lastPathComponent }.sorted() == ["empty.eml", "notes.txt"])
    }

    @Test func missingPathIsAnError() {
        #expect(throws: MailboxError.self) { _ = try MailboxReader(path: "/nonexistent/billtriage/mail") }
    }
}
