import Testing
import TextMatching

@Suite struct RegexLiteralsTests {
    @Test(arguments: [
        ("\\bcharged (me )?twice\\b", ["charged "]),
        ("refund|money back", ["refund", "money back"]),
        ("r[uü]ckerstatt\\w*|erstattung", ["ckerstatt", "erstattung"]),
        ("colou?r chart", ["r chart"]),
        ("INV-\\d+", ["inv-"]),
        ("a.b.c", nil),
        ("\\b(zur[uü]e?ck|r[uü]e?ck)?(erstatt|erstatung)\\p{L}*", nil),
        ("pay(ment)? plan", [" plan"]),
        ("ab+cde", ["cde"]),
        ("ich bin.{0,25}bis", ["ich bin"]),
        ("Rückerstattung", ["rückerstattung"]),
    ] as [(String, [String]?)])
    func requiredLiterals(pattern: String, expected: [String]?) {
        #expect(RegexLiterals.required(pattern) == expected)
    }

    @Test func substringSetFindsEveryOccurringLiteral() {
        let set = SubstringSet(["refund", "money back", "twice", "xyz"])
        let text = SubstringSet.lowercasedBytes("Please REFUND me, you charged me twice. Money back now!")
        let found = text.withUnsafeBufferPointer { set.found(in: $0) }
        #expect(found == [true, true, true, false])
    }
}
