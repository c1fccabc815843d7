import Foundation
import Testing
@testable import Acknowledgement
import TextMatching

/// The byte-level reading of templates gives what the `Character` reading gives: lines, or the
/// same error at the same place.
@Suite struct AckTemplateReadingTests {
    private func same(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = Result { () throws(RuleFile.SyntaxError) in try AckTemplate(path: "t", contents: text) }
        let slow = Result { () throws(RuleFile.SyntaxError) in try AckTemplate(path: "t", readingCharacters: text) }
        switch (fast, slow) {
        case (.success(let a), .success(let b)):
            #expect(a == b, sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description, sourceLocation: sourceLocation)
        default:
            Issue.record("one reading failed, the other did not: \(fast) \(slow)", sourceLocation: sourceLocation)
        }
    }

    @Test func shippedTemplatesReadAlike() throws {
        var read = 0
        for language in try FileManager.default.contentsOfDirectory(atPath: Paths.templates) {
            let folder = Paths.templates + "/" + language
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".txt") {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                same(text)
                #expect(try !AckTemplate(path: name, contents: text).lines.isEmpty)
                read += 1
            }
        }
        #expect(read >= 40)
    }

    @Test(arguments: [
        "Ticket {ticket}, by {due_date}.\n", "# c\n# c2\nT {ticket} {due_date}\n\n\n", "?name Dear {name},\n{ticket} {due_date}",
        "!invoices   No invoice.\n{ticket}{due_date}\n", "?nme x\n{ticket} {due_date}\n", "{tickets} {due_date}\n", "{ticket}\n",
        "", "# only\n", "{{ticket} {due_date} {x {desk}} }{\n", "{ticket} {due_date}\r\n", "{ticket} {due_date}\r", "?\n{ticket} {due_date}",
        "Hola {name}, n\u{BA} {ticket} \u{2014} {due_date} \u{1F600}\n", "e\u{301} {ticket} {due_date}\n", "{ticket} {due_date}\n#not a comment\n",
        "?name\n{ticket} {due_date}\n", "  ?name x\n{ticket} {due_date}\n", "?desk {desk}\t{ticket} {due_date}",
    ])
    func edgeCasesReadAlike(_ text: String) { same(text) }
}
