import Foundation
import Testing
import MailModel
import MailParsing

/// Hand-written expectations for chosen third-party corpus messages
/// (Tests/Fixtures/corpus-golden.json): decoded subject, sender, body
/// snippets in the right charset, the chosen text part, attachment names, defects.
@Suite(.enabled(if: Fixtures.corporaAvailable, "needs ../shared/corpora"))
struct CorpusGoldenTests {
    struct Expectation: Decodable, Sendable, CustomTestStringConvertible {
        var path: String
        var why: String
        var subject: String?
        var from_name: String?
        var from_address: String?
        var body_part: String?
        var body_contains: [String]?
        var body_not_contains: [String]?
        var attachments: [String]?
        var defects_include: [String]?
        var testDescription: String { path }
    }

    static let expectations: [Expectation] =
        (try? JSONDecoder().decode([Expectation].self, from: Fixtures.data("corpus-golden.json"))) ?? []

    @Test func atLeastFortyExpectations() {
        #expect(Self.expectations.count >= 40)
    }

    @Test(arguments: expectations)
    func messageDecodesAsExpected(_ e: Expectation) throws {
        let message = MIMEParser().parse(try Fixtures.bytes(atCorpusPath: e.path))
        if let subject = e.subject { #expect(message.subject == subject, "\(e.why)") }
        if let name = e.from_name { #expect(message.from.first?.name ?? "" == name) }
        if let address = e.from_address { #expect(message.from.first?.address ?? "" == address) }
        if let part = e.body_part { #expect(message.body.source.rawValue == part, "\(e.why)") }
        for snippet in e.body_contains ?? [] {
            #expect(message.body.text.contains(snippet), "body lacks \(snippet.debugDescription): \(e.why)")
        }
        for snippet in e.body_not_contains ?? [] {
            #expect(!message.body.text.contains(snippet), "body has \(snippet.debugDescription): \(e.why)")
        }
        if let names = e.attachments {
            #expect(message.attachments.map(\.filename).filter { !$0.isEmpty } == names, "\(e.why)")
        }
        let codes = Set(message.defects.map(\.code.rawValue))
        for code in e.defects_include ?? [] { #expect(codes.contains(code), "missing defect \(code): \(e.why)") }
    }
}
