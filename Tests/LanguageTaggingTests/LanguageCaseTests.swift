import Foundation
import Testing
@testable import LanguageTagging

/// Language of the new text over 18 languages (Tests/Fixtures/language-cases.json):
/// short one-sentence mails, long mails, new text above a quote in another
/// language, and texts too small to tell. billtriage must beat raw CLD2 run the
/// naive way (subject + whole body, no hints, no expected set).
@Suite struct LanguageCaseTests {
    struct Case: Decodable, Sendable {
        var name: String
        var lang: String
        var kind: String
        var subject: String
        var new_text: String
        var quoted: String
        var content_language: String
        var from_domain: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let cases: [Case] = {
        let data = (try? Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/language-cases.json"))) ?? Data()
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    // try! is deliberate: the shipped word lists must load.
    static let detector = LanguageDetector(functionWords: try! FunctionWords(
        file: repositoryRoot.appendingPathComponent("Rules/language/function-words.rules").path))

    static func ours(_ c: Case) -> String {
        detector.detect(LanguageDetector.Input(newText: c.new_text, subject: c.subject,
                                                         contentLanguage: c.content_language,
                                                         senderDomain: c.from_domain)).code
    }

    /// CLD2 as a naive integration would call it: everything, no hints, top language or "und".
    static func rawCLD2(_ c: Case) -> String {
        let text = [c.subject, c.new_text, c.quoted].joined(separator: "\n")
        return LanguageDetector.rawTopLanguage(text)
    }

    static func accuracy(_ cases: [Case], _ detect: (Case) -> String) -> Double {
        guard !cases.isEmpty else { return 0 }
        return Double(cases.filter { detect($0) == $0.lang }.count) / Double(cases.count)
    }

    @Test func fixtureCoversTwelveLanguagesAndEveryKind() {
        let languages = Set(Self.cases.map(\.lang)).subtracting(["und"])
        #expect(languages.count >= 12)
        #expect(Set(Self.cases.map(\.kind)) == ["short", "long", "mixed", "tiny"])
    }

    @Test func beatsRawCLD2OnEveryKind() {
        var report = "kind     cases  raw CLD2  billtriage\n"
        for kind in ["short", "long", "mixed", "tiny"] {
            let subset = Self.cases.filter { $0.kind == kind }
            let raw = Self.accuracy(subset, Self.rawCLD2), ours = Self.accuracy(subset, Self.ours)
            report += "\(kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(subset.count)    \(String(format: "%.3f", raw))     \(String(format: "%.3f", ours))\n"
            #expect(ours >= raw, "\(kind): billtriage \(ours) < raw CLD2 \(raw)")
        }
        let raw = Self.accuracy(Self.cases, Self.rawCLD2), ours = Self.accuracy(Self.cases, Self.ours)
        report += "all      \(Self.cases.count)    \(String(format: "%.3f", raw))     \(String(format: "%.3f", ours))\n"
        print(report)
        for c in Self.cases where Self.ours(c) != c.lang {
            let r = Self.detector.detect(LanguageDetector.Input(newText: c.new_text, subject: c.subject,
                                                                     contentLanguage: c.content_language, senderDomain: c.from_domain))
            print("miss \(c.kind) \(c.lang) → \(r.code) [\(r.candidates.map { "\($0.code) \($0.percent)" }.joined(separator: ", ")); \(r.reason)] \(c.name)")
        }
        #expect(ours > raw)
        #expect(ours >= 0.95)
    }

    /// "¿Llegó transferencia?" is English to CLD2; the inverted mark makes it Spanish. "si può …"
    /// needs Italian's own modal words against Romanian's "si" and "la".
    @Test func invertedPunctuationAndItalianModalsDecideShortTexts() throws {
        for name in ["es_tiny_inverted_question", "es_tiny_inverted_exclamation", "it_short_puo_rate"] {
            let c = try #require(Self.cases.first { $0.name == name }, "\(name) missing from the fixture")
            #expect(Self.ours(c) == c.lang, "\(name)")
        }
        // A long English text quoting a Spanish "¿…?" stays English: the mark only settles short texts.
        let long = LanguageDetector.Input(newText: "Hello, your colleague wrote ¿Llegó transferencia? in the portal, but I am the customer "
            + "and I paid the invoice last Monday by bank transfer from my business account. Please check it.",
            subject: "Payment", contentLanguage: "", senderDomain: "example.com")
        #expect(Self.detector.detect(long).code == "en")
    }
}
