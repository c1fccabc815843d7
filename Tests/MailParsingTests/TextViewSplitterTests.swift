import Foundation
import Testing
import MailModel
@testable import MailParsing

/// The quote / signature / forward split, table-driven from
/// Tests/Fixtures/textviews-cases.json (en, es, fr, de, pt, it, nl and mixed mails).
@Suite struct TextViewSplitterTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var lang: String
        var text: String
        var new_text: String
        var quoted: String
        var signature: String
        var forwarded: String
        var testDescription: String { "\(lang): \(name)" }
    }

    static let cases: [Case] = (try? JSONDecoder().decode([Case].self, from: Fixtures.data("textviews-cases.json"))) ?? []

    /// The sign-offs are sorted longest first by bytes, which is by Characters only while they are ASCII.
    @Test func signOffsAreASCIILongestFirst() {
        #expect(ReplyPatterns.signOffs.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        #expect(zip(ReplyPatterns.signOffs, ReplyPatterns.signOffs.dropFirst()).allSatisfy { $0.count >= $1.count })
    }

    @Test func tableCoversSevenLanguages() {
        let counts = Dictionary(grouping: Self.cases, by: \.lang).mapValues(\.count)
        for lang in ["en", "es", "fr", "de", "pt", "it", "nl"] {
            #expect((counts[lang] ?? 0) >= 8, "too few cases for \(lang)")
        }
    }

    @Test func quoteMarkCombinedWithAMarkIsText() {
        // ">" with a combining long solidus is one character, "≯": not a quote marker.
        let views = TextViewSplitter.split("Hello\n>\u{338} not quoted\n> quoted\n")
        #expect(views.newText == "Hello\n>\u{338} not quoted")
        #expect(views.quoted == "> quoted")
    }

    @Test func ownLinesAroundQuotesAreJoined() {
        let views = TextViewSplitter.split("  Thanks\n> old line\nMy reply \n")
        #expect(views.newText == "Thanks\nMy reply")
        #expect(views.quoted == "> old line")
    }

    @Test(arguments: cases)
    func splitsLikeTheTable(_ c: Case) {
        let views = TextViewSplitter.split(c.text)
        #expect(views.newText == c.new_text)
        #expect(views.quoted == c.quoted)
        #expect(views.signature == c.signature)
        #expect(views.forwarded == c.forwarded)
    }

    @Test(arguments: ["Best wishes,", "Herzliche Grüße", "Un caro saluto", "Groet,", "Amicalement"])
    func moreSignOffsStartTheSignature(signOff: String) {
        let views = TextViewSplitter.split("Invoice 88231 is paid.\n\n\(signOff)\nAisha Rahman\nCustomer no. 55019372\n")
        #expect(views.newText == "Invoice 88231 is paid.")
        #expect(views.signature == "\(signOff)\nAisha Rahman\nCustomer no. 55019372")
    }

    @Test(arguments: ["Merci !", "Danke!\nJonas", "Thanks, Ana"])
    func aSignOffWithNothingAboveItIsTheMessage(text: String) {
        #expect(TextViewSplitter.split(text).newText == text)
    }

    @Test func plainMailIsAllNewText() {
        let views = TextViewSplitter.split("Please send me a copy of invoice 4471.\n")
        #expect(views == TextViews(newText: "Please send me a copy of invoice 4471."))
    }
}

/// What the splitter reads from a line's bytes instead of folding it agrees with the folded line.
@Suite struct FoldedLinesTests {
    static let lines = [
        "", "   ", "*", "**", "* *", "_", "__", "___", "_*", "__*", "___*", "*___", "  *Thanks*  ", "_Regards_",
        "Sent from my iPhone", "SENT FROM MY PHONE", "\tBest,\r", "Grüße", "\u{A0}Thanks", "\u{301}-- x",
        "On Mon, Jane <j@x.org> wrote:", String(repeating: "a", count: 301), "-- ", "--", "> quoted", " >x",
    ]

    @Test func shapesAgreeWithTheFoldedLines() {
        let lines = TextViewSplitter.FoldedLines(Self.lines.joined(separator: "\n"))
        #expect(lines.count == Self.lines.count)
        for i in 0..<lines.count {
            let line = lines.line(i)
            #expect(String(line) == Self.lines[i])
            let folded = ReplyPatterns.normalizedLine(line)
            #expect(lines.isBlank(i) == folded.isEmpty, "\(Self.lines[i])")
            let shape = lines.foldedShape(i)
            #expect(shape?.count == (folded.isEmpty ? nil : folded.utf8.count), "\(Self.lines[i])")
            #expect(shape?.first == folded.utf8.first, "\(Self.lines[i])")
            #expect(lines[i] == folded)
            #expect(lines.isQuoteLine(i) == ReplyPatterns.isQuoteLine(line))
            #expect(lines.isSignatureDelimiter(i) == ReplyPatterns.isSignatureDelimiter(line))
        }
    }

    @Test func aWrappedAttributionCutsAtItsFirstLine() {
        let views = TextViewSplitter.split("Paid today.\n\nOn Mon 3 Mar 2025 Billing\n<billing@example.com> wrote:\n> Your invoice\n")
        #expect(views.newText == "Paid today.")
        #expect(views.quoted.hasPrefix("On Mon 3 Mar 2025 Billing\n<billing"))
    }
}
