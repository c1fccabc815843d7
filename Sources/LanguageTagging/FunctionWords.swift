import Foundation
import MailModel
import TextMatching

/// Per-language function words (Rules/language/function-words.rules): a
/// second opinion for short texts where CLD2 is unsure or confuses close
/// neighbours (es/pt/ca, da/nb/sv, cs/sk).
public struct FunctionWords: Sendable {
    /// Language codes by bit position.
    let codes: [String]
    /// Word → bit set of the languages that use it.
    let index: [String: UInt64]

    public init(words: [String: Set<String>]) {
        self.init(lists: words.map { (code: $0.key, words: Array($0.value)) })
    }

    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFile.SyntaxError(file: path, line: 0, column: 0, message: "cannot read")
        }
        let file = try RuleFile(path: path, contents: String(decoding: data, as: UTF8.self))
        // Each entry's words straight into the index, no sets in between (deliver reads this file every time).
        self.init(lists: file.entries.map { (code: $0.key, words: RuleFile.phrases($0.value).map { TextFolding.fold($0) }) })
    }

    /// Languages sorted by code (the first 64 get a bit each), each word's bits the languages
    /// whose lists hold it; a language may come in several lists.
    private init(lists: [(code: String, words: [String])]) {
        let codes = Array(Set(lists.map(\.code)).sorted().prefix(64))
        let bits = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, UInt64(1) << UInt64($0)) })
        var index: [String: UInt64] = [:]
        index.reserveCapacity(lists.reduce(0) { $0 + $1.words.count })
        for (code, words) in lists {
            guard let bit = bits[code] else { continue }
            for w in words { index[w, default: 0] |= bit }
        }
        self.codes = codes
        self.index = index
    }

    /// Hits per language for the words of `text`, best first.
    func scores(_ text: String) -> [(code: String, hits: Int)] {
        var counts = [Int](repeating: 0, count: codes.count)
        for token in TextFolding.fold(text).split(whereSeparator: { !($0.isLetter || $0 == "'") }) {
            guard var bits = index[String(token)] else { continue }
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                counts[bit] += 1
                bits &= bits - 1
            }
        }
        return codes.indices.filter { counts[$0] > 0 }.map { (codes[$0], counts[$0]) }
            .sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    }

    /// Languages CLD2 confuses with each other on short text.
    static let neighbours: [Set<String>] = [["es", "pt", "ca", "gl", "it"], ["da", "nb", "sv"], ["cs", "sk"], ["nl", "af"], ["ro", "it"]]

    static func areNeighbours(_ a: String, _ b: String) -> Bool {
        neighbours.contains { $0.contains(a) && $0.contains(b) }
    }
}
