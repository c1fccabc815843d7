import Testing
import TextMatching

@Suite struct RegexLiteralsTests {
    @Test(arguments: [
        ("\\bcharged (me )?twice\\b", ["charged "]),
        ("\\b(konto|account|zugang)\\p{L}*\\b.{0,30}\\bgesperrt", ["gesperrt"]),
        ("(?:abc|def)ghij", ["abcghij", "defghij"]),
        ("(?!no)yes", ["yes"]),
        ("(?i)a.b", nil),
        ("refund|money back", ["money back", "refund"]),
        ("r[uü]ckerstatt\\w*|erstattung", ["erstattung", "ruckerstatt", "rückerstatt"]),
        ("\\b(d[ií]as|semanas)\\b", ["dias", "días", "semanas"]),
        ("est[aá]", ["esta", "está"]),
        ("est[aá]?x", ["est"]),
        ("[^ab]cdef", ["cdef"]),
        ("[a-c]bcd", ["bcd"]),
        ("a[bc]+defg", ["defg"]),
        ("\\b(refund|reimburse)\\w*", ["refund", "reimburse"]),
        ("colou?r chart", ["r chart"]),
        ("INV-\\d+", ["inv-"]),
        ("a.b.c", nil),
        ("\\b(zur[uü]e?ck|r[uü]e?ck)?(erstatt|erstatung)\\p{L}*", ["erstatt", "erstatung"]),
        ("pay(ment)? plan", [" plan"]),
        ("ab+cde", ["cde"]),
        ("ich bin.{0,25}bis", ["ich bin"]),
        ("Rückerstattung", ["rückerstattung"]),
    ] as [(String, [String]?)])
    func requiredLiterals(pattern: String, expected: [String]?) {
        #expect(RegexLiterals.required(pattern) == expected)
    }

    @Test func eachAlternativeKeepsEveryLiteralSetItRequires() {
        let r = RegexLiterals.requirement("\\b(add|remove)\\b.{0,20}seats?|from \\d+ users", minimum: 1)
        #expect(r?.branches == [[["seat"], ["add", "remove"]], [[" users"], ["from "]]])
        #expect(r?.oneOf == [" users", "seat"])
    }

    @Test func aRunGoesOnIntoTheLiteralStartOfEachAlternative() {
        // "ya " then a group that is not plain strings: the run takes each alternative's literal start.
        let r = RegexLiterals.requirement("\\bya (aparece|se ve|est[aá] (acreditad|registrad)[oa])\\b", minimum: 1)
        #expect(r?.branches.first?.contains(["ya aparece", "ya est", "ya se ve"]) == true)
        // An optional or repeated character ends a start before it; syntax ends it; a start may be empty.
        let s = RegexLiterals.requirement("re: (invoices?|bill\\w+|x+y|\\d+)", minimum: 1)
        #expect(s?.branches.first?.contains(["re: ", "re: bill", "re: invoice"]) == true)
        // A look-ahead is no text of its own: the run ends before it.
        let t = RegexLiterals.requirement("pay (?!later)now", minimum: 1)
        #expect(t?.branches == [[["pay "], ["now"]]])
    }

    @Test func alternativesAreCutOnlyWhereEachKeepsItsMeaning() {
        // Each top-level alternative with its first plain group of alternatives distributed.
        #expect(RegexLiterals.alternatives("\\ba (b|c)|[^|]x|(?:d|e)f") == ["\\ba b", "\\ba c", "[^|]x", "df", "ef"])
        // Not a group with a quantifier, a look-around or an atomic group, nor a group of one alternative.
        #expect(RegexLiterals.alternatives("(a|b)+c|d") == ["(a|b)+c", "d"])
        #expect(RegexLiterals.alternatives("(?!a|b)c|d") == ["(?!a|b)c", "d"])
        #expect(RegexLiterals.alternatives("(?>a|b)c|d") == ["(?>a|b)c", "d"])
        #expect(RegexLiterals.alternatives("x(ab)c|d") == ["x(ab)c", "d"])
        // Nor after a quantifier: the whole tries each alternative of the group after each length of
        // the spaces, the cut patterns each length for the first one first.
        #expect(RegexLiterals.alternatives("\\bx\\s+(a|b)|c") == ["\\bx\\s+(a|b)", "c"])
        // Only the first group; a single top-level alternative is cut there too.
        #expect(RegexLiterals.alternatives("\\b(?:pay|settle)\\s+(now|later)") == ["\\bpay\\s+(now|later)", "\\bsettle\\s+(now|later)"])
        // Each alternative's own sets: the top-level branch keeps the group's ("pay" or "settle").
        let r = RegexLiterals.requirement("\\b(?:pay|settle)\\s+(now|later)", minimum: 1)
        #expect(r?.branches == [[["pay", "settle"], ["later", "now"]]])
        #expect(r?.alternatives?.map(\.pattern) == ["\\bpay\\s+(now|later)", "\\bsettle\\s+(now|later)"])
        #expect(r?.alternatives?.map(\.sets) == [[["pay"], ["later", "now"]], [["settle"], ["later", "now"]]])
        #expect(RegexLiterals.alternatives("(?<!no )pay|(?=x)y") == ["(?<!no )pay", "(?=x)y"])
        #expect(RegexLiterals.alternatives("single") == nil)
        #expect(RegexLiterals.alternatives("a|") == nil)
        for pattern in ["(a)\\1|b", "(?i)a|b", "(?<n>a)|b", "(?|a)|b", "(*SKIP)a|b", "\\Qa|b\\E|c", "[]|]a|b", "\\k<n>|b"] {
            #expect(RegexLiterals.alternatives(pattern) == nil, "\(pattern)")
        }
    }

    @Test func substringSetFindsEveryOccurringLiteral() {
        let set = SubstringSet(["refund", "money back", "twice", "xyz"])
        let text = SubstringSet.lowercasedBytes("Please REFUND me, you charged me twice. Money back now!")
        let found = text.withUnsafeBufferPointer { set.found(in: $0) }
        #expect(found == [true, true, true, false])
    }
}
