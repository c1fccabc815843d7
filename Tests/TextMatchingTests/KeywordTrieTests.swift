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

    func allMatches(_ trie: KeywordTrie, _ text: String) -> [KeywordTrie.Match]? {
        var copy = text
        return copy.withUTF8 { trie.checkedAllMatches(in: $0) }
    }

    @Test func aTrieReadFromItsEncodingFindsTheSame() {
        // Shared beginnings, phrases inside others, deep ones (past the breadth-first levels), umlauts.
        let phrases = ["re", "refund", "refunded", "refund request", "rembourser", "remboursement", "rückerstattung",
                       "grüße", "p.iva", "n°", "zahlung", "zahlungserinnerung", "où en est le remboursement"]
        let trie = KeywordTrie(phrases.enumerated().map { ($1, $0) })
        var w = BinaryWriter()
        trie.encode(into: &w)
        var r = BinaryReader(w.bytes)
        guard let read = KeywordTrie(decoding: &r) else { Issue.record("did not decode"); return }
        #expect(read.resolvedPayloads == trie.resolvedPayloads)
        for text in ["Refund request: refunded?", "Où en est le REMBOURSEMENT", "Gruesse, Zahlungserinnerung", "piva re", ""] {
            let found = allMatches(trie, text)
            #expect(found != nil && !(found ?? []).isEmpty == !text.isEmpty, "\(text)")
            #expect(allMatches(read, text) == found, "\(text)")
        }
    }

    @Test func anEdgeOutOfTheRecordsIsReportedNotFollowed() {
        var w = BinaryWriter()
        KeywordTrie([("abc", 1)]).encode(into: &w)
        var bytes = w.bytes
        // The records after their count: the root (payload and one edge, then "a"), then "a"'s
        // (payload and one edge, then "b"): that edge now names a child far past the end.
        let edge = 4 + 4 * 3
        withUnsafeBytes(of: (Int32(0x7F_FFFF) << 8 | 0x62).littleEndian) { bytes.replaceSubrange(edge..<(edge + 4), with: $0) }
        var r = BinaryReader(bytes)
        guard let corrupt = KeywordTrie(decoding: &r) else { Issue.record("did not decode"); return }
        #expect(allMatches(corrupt, "abc") == nil)
        #expect(allMatches(corrupt, "xyz") != nil)
    }
}
