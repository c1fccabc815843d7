import Foundation
import Testing
@testable import TextMatching

/// The byte-level reading of the configuration file gives what the `Character` reading gives,
/// values, lines and errors.
@Suite struct ConfigFileTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules").path

    private func same(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = Result { () throws(RuleFile.SyntaxError) in try ConfigFile(path: "f", contents: text) }
        let slow = Result { () throws(RuleFile.SyntaxError) in try ConfigFile(path: "f", readingCharacters: text) }
        switch (fast, slow) {
        case (.success(let a), .success(let b)):
            #expect(a.values == b.values, sourceLocation: sourceLocation)
            #expect(a.lines == b.lines, sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description, sourceLocation: sourceLocation)
        default:
            Issue.record("one reading failed, the other did not: \(fast) \(slow)", sourceLocation: sourceLocation)
        }
    }

    @Test func shippedConfigurationReadsAlike() throws {
        var read = 0
        let languages = try FileManager.default.contentsOfDirectory(atPath: Self.rules + "/templates").map { "templates/" + $0 }
        for dir in [""] + languages {
            let path = Self.rules + "/" + dir
            for name in try FileManager.default.contentsOfDirectory(atPath: path) where name.hasSuffix(".toml") {
                let text = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
                same(text)
                read += 1
                #expect(try !ConfigFile(path: name, contents: text).values.isEmpty)
            }
        }
        #expect(read >= 8)
    }

    @Test(arguments: [
        "", "\n", "# only a comment\n", "a = 1\n", "a = 1_000.5\nb = -2\n", "x = \"s # not a comment\" # comment\n",
        "[sec]\nk = \"v\"\n[ other ]\nk = true\nm = false\n", "k = [\"a\", \"b,c\", 3, true]\n", "k = []\nl = [ , ]\n",
        "k = [\"a\",, \"b\"]\n", "k = [1, x]\n", "k = \"tab\\tnew\\nquote\\\"\"\n", "k = \"ends in \\\"\n",
        "[open\n", "[\n", "[]\nk = 1\n", "no equals\n", "k = \n", "k = what\n", " = 1\n", "a = 1\r\nb = \"x\"\r\n",
        "k = \"caf\u{E9}\"\n", "k = \"e\u{301}\"\n", "[s\u{301}]\nk = 1\n", "k\u{301} = 1\n", "k = \"\u{301}\"\n",
        "k = [\"\u{1F600}\", \"\u{1F1EB}\u{1F1F7}\"]\n", "k = 1\u{301}\n", "a = 1\nb = [\n", "k = \"unterminated\n",
    ])
    func edgeCasesReadAlike(_ text: String) { same(text) }
}
