import Testing
import TextMatching

@Suite struct RegexTests {
    @Test func matchesCaseInsensitiveUnicode() throws {
        let r = try Regex("rechnung\\s+nr\\.?\\s*(\\d+)", options: .caseInsensitive)
        let m = r.matches(in: "Ihre RECHNUNG Nr. 1187 und Rechnung nr 2200")
        #expect(m.count == 2)
        #expect(m.first?.groups.first??.count == 4)
    }

    @Test func namedGroupsAndUnsetGroups() throws {
        let r = try Regex("(?<a>x)|(?<b>y)")
        let m = r.matches(in: "y")
        #expect(r.group(named: "b") == 2)
        #expect(m.first?.groups[0] == nil)
        #expect(m.first?.groups[1] == 0..<1)
    }

    @Test func anchoredMatchOnlyAtTheOffset() throws {
        let r = try Regex("\\d+")
        var text = "ab 123"
        text.withUTF8 { bytes in
            #expect(r.anchoredMatch(in: bytes, at: 0) == nil)
            #expect(r.anchoredMatch(in: bytes, at: 3)?.range == 3..<6)
        }
    }

    @Test func badPatternReportsItsOffset() {
        #expect(throws: Regex.CompileError.self) { try Regex("(unclosed") }
    }

    @Test(arguments: [("numero", "Número 5", true), ("numero", "numeros", false), ("rg.", "Rg 12", true),
                      ("credit note", "Credit   Note 7", true), ("n°", "nº5521", true), ("grusse", "Grüße", false)])
    func phrasePatternsIgnoreCaseAndAccents(phrase: String, text: String, matches: Bool) throws {
        #expect(try Regex(PhrasePattern.alternation([phrase]), options: .caseInsensitive).isMatch(text) == matches)
    }

    @Test func ruleFileReportsLineAndColumn() {
        #expect(throws: RuleFile.SyntaxError.self) { try RuleFile(path: "x.rules", contents: "# ok\nlabel en: a\n  broken line\n") }
        do {
            _ = try RuleFile(path: "x.rules", contents: "# ok\nlabel en: a\n  broken line\n")
        } catch {
            #expect(error.description == "x.rules:3:3: expected 'key: value'")
        }
    }
}
