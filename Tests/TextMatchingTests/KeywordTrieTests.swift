import Testing
@testable import TextMatching

struct KeywordTrieTests {
    @Test(arguments: [("contestare l'addebito", "Vorrei contestare l’addebito di marzo", true),
                      ("contestare l’addebito", "vorrei CONTESTARE L'ADDEBITO", true),
                      ("non e' dovuta", "la cifra non e’ dovuta", true),
                      ("credit note", "Credit   Note 7", true),
                      ("facture", "factures impayées", false)])
    func phrasesFoldCaseAccentsAndApostrophes(phrase: String, text: String, found: Bool) {
        let trie = KeywordTrie([(phrase, 1)])
        #expect(!trie.matches(in: text).isEmpty == found)
    }

    @Test func allMatchesReportsOverlappingPhrases() {
        let trie = KeywordTrie([("me han cobrado", 1), ("cobrado dos veces", 2)])
        let text = "Me han cobrado dos veces la cuota"
        var copy = text
        let payloads = copy.withUTF8 { trie.allMatches(in: $0).map(\.payload) }
        #expect(Set(payloads) == [1, 2])
    }
}
