import Foundation
import Testing
@testable import TextMatching

/// The byte-level parse of rule data files gives what the `Character` parse gives.
@Suite struct RuleFileTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules").path

    private func same(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = Result { () throws(RuleFile.SyntaxError) in try RuleFile(path: "f", contents: text).entries }
        let slow = Result { () throws(RuleFile.SyntaxError) in try RuleFile.entries(path: "f", characters: text) }
        switch (fast, slow) {
        case (.success(let a), .success(let b)):
            #expect(a.map { [$0.section, $0.key, $0.value, "\($0.line)"] } == b.map { [$0.section, $0.key, $0.value, "\($0.line)"] },
                    sourceLocation: sourceLocation)
            for e in a {
                let phrases = RuleFile.phrases(e.value)
                #expect(phrases == e.value.split(separator: "|").map { String($0).trimmed() }.filter { !$0.isEmpty },
                        sourceLocation: sourceLocation)
            }
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description, sourceLocation: sourceLocation)
        default:
            Issue.record("one parse failed, the other did not: \(fast) \(slow)", sourceLocation: sourceLocation)
        }
    }

    @Test func shippedDataFilesParseAlike() throws {
        for dir in ["extraction", "language", ""] {
            let path = Self.rules + "/" + dir
            for name in try FileManager.default.contentsOfDirectory(atPath: path) where name.hasSuffix(".rules") {
                same(try String(contentsOfFile: path + "/" + name, encoding: .utf8))
            }
        }
    }

    @Test(arguments: [
        "a: b\n", "", "\n\n", "  # comment\n[sec]\n key : v1 | v2 \n  | v3 |  | v4\r\n", "x: y\r\nz: w\r\n",
        "[open\n", "no colon\n", " : v\n", "k: \u{301}a | b\u{301} | c\n", "k: a |\u{301} b\n", "[s\u{301}]\nk: v\n",
        "k: \u{200D}x\n", "#\u{301} not a comment: v\n", "\t k:\tv\t\r\n", "k: über | Größe | n° | €\n", "k: a\u{AD}|b\n",
    ])
    func edgeCasesParseAlike(text: String) {
        same(text)
    }

    @Test func trimmedMatchesCharacters() {
        for s in ["  a  ", "\t\ra b\r", " \u{301}x ", "x\u{301} ", "", "   ", "a\r\n", " é "] {
            var t = Substring(s)
            while let f = t.first, f == " " || f == "\t" || f == "\r" { t = t.dropFirst() }
            while let l = t.last, l == " " || l == "\t" || l == "\r" { t = t.dropLast() }
            #expect(s.trimmed() == String(t))
        }
    }
}
