import Foundation
import Testing
import Extraction

/// Table-driven extraction cases in seven languages (Tests/Fixtures/extraction-cases-*.json):
/// realistic sentences, positive and negative, compared exactly.
@Suite struct ExtractionCaseTests {
    struct ExpectedAmount: Decodable, Sendable, Equatable, CustomStringConvertible {
        var value: String
        var currency: String
        var description: String { "\(value) \(currency)" }
    }

    struct ExpectedReference: Decodable, Sendable, Equatable, CustomStringConvertible {
        var kind: String
        var value: String
        var description: String { "\(kind) \(value)" }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var lang: String
        var subject: String
        var text: String
        var sender_domain: String?
        var invoices: [String]
        var amounts: [ExpectedAmount]
        var references: [ExpectedReference]
        var testDescription: String { "\(lang): \(name)" }
    }

    static let cases: [Case] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: TestRules.fixtures.path)) ?? []
        return files.filter { $0.hasPrefix("extraction-cases") && $0.hasSuffix(".json") }.sorted().flatMap { name -> [Case] in
            let data = (try? Data(contentsOf: TestRules.fixtures.appendingPathComponent(name))) ?? Data()
            return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
        }
    }()

    @Test func atLeastTwoHundredCasesInSevenLanguages() {
        #expect(Self.cases.count >= 200)
        let languages = Set(Self.cases.map(\.lang))
        #expect(languages.isSuperset(of: ["en", "es", "fr", "de", "pt", "it", "nl"]))
    }

    /// With the patterns compiled with JIT (a run over many messages) and for the interpreter
    /// (`deliver`): the same facts.
    @Test(arguments: cases)
    func extractsExactly(_ c: Case) throws {
        for extractor in [TestRules.extractor, TestRules.interpreted] {
            let facts = extractor.extract(
                [FactExtractor.Source(view: .subject, text: c.subject), FactExtractor.Source(view: .newText, text: c.text)],
                context: FactExtractor.Context(language: c.lang, senderDomain: c.sender_domain ?? ""))
            #expect(facts.invoices.map(\.value) == c.invoices)
            #expect(facts.amounts.map { ExpectedAmount(value: $0.value, currency: $0.currency) } == c.amounts)
            #expect(facts.references.map { ExpectedReference(kind: $0.kind, value: $0.value) } == c.references)
        }
    }
}

enum TestRules {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
    // try! is deliberate: the shipped patterns must load, or every test here is meaningless.
    static let extractor = FactExtractor(patterns: try! ExtractionPatterns(
        directory: repositoryRoot.appendingPathComponent("Rules/extraction").path))
    static let interpreted = FactExtractor(patterns: try! ExtractionPatterns(
        directory: repositoryRoot.appendingPathComponent("Rules/extraction").path, jit: false))
}
