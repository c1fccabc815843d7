import Foundation
import Testing
@testable import TextMatching

/// The byte-level writing of phrase patterns gives what the `Character` writing gives.
@Suite struct PhrasePatternTests {
    static let extraction = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules/extraction").path

    @Test func shippedPhrasesWriteAlike() throws {
        var phrases: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.extraction) where name.hasSuffix(".rules") {
            let path = Self.extraction + "/" + name
            let file = try RuleFile(path: path, contents: String(contentsOfFile: path, encoding: .utf8))
            for e in file.entries { phrases += RuleFile.phrases(e.value) }
        }
        phrases += ["Invoice No.", "N° de facture", "Straße", "A/B-C_d (x) [y] $5 \\ |", "ÉCHÉANCE", "tab\there", "ue", ""]
        #expect(phrases.count > 100)
        var ascii = 0
        for p in phrases {
            #expect(PhrasePattern.source(for: p) == PhrasePattern.characterSource(p), "\(p)")
            var out: [UInt8] = []
            if PhrasePattern.appendASCIISource(p, to: &out) { ascii += 1 }
        }
        #expect(ascii > 50)
        let sorted = phrases.sorted { $0.count > $1.count }
        #expect(PhrasePattern.unanchoredAlternation(phrases)
                == "(?:" + sorted.map(PhrasePattern.characterSource).joined(separator: "|") + ")(?!\\p{L})")
    }
}
