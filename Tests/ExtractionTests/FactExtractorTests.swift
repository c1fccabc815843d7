import Testing
import Extraction
import MailModel

/// Behaviour that the case tables do not show: evidence, sources, redaction, values.
@Suite struct FactExtractorTests {
    private func extract(_ text: String, subject: String = "", language: String = "en", domain: String = "") -> ExtractedFacts {
        TestRules.extractor.extract(
            [FactExtractor.Source(view: .subject, text: subject), FactExtractor.Source(view: .newText, text: text)],
            context: FactExtractor.Context(language: language, senderDomain: domain))
    }

    @Test func evidenceCountsCodePoints() {
        let f = extract("Grüße, Rechnung Nr. 2024/1187 über 89,95 €.", language: "de")
        #expect(f.invoices.first?.value == "2024/1187")
        #expect(f.invoices.first?.evidence == Evidence(view: .newText, start: 20, end: 29))
        #expect(f.amounts.first?.text == "89,95 €")
        #expect(f.amounts.first?.evidence.start == 35)
    }

    @Test func messageSourcesSkipQuotedAndSignature() {
        let message = Message(
            subject: "Re: INV-2024-0001",
            views: TextViews(newText: "Please see invoice 55120.", quoted: "> invoice 99999 for €12",
                             signature: "VAT DE123456789, invoice 77777", forwarded: "Invoice #46107 is overdue: £64.99"),
            attachments: [Attachment(filename: "Invoice_INV-2024-0042.pdf", contentType: "application/pdf", size: 1,
                                     disposition: "attachment", part: "2")])
        let f = TestRules.extractor.extract(message, context: FactExtractor.Context(language: "en"))
        #expect(f.invoices.map(\.value) == ["INV-2024-0001", "55120", "46107", "INV-2024-0042"])
        #expect(f.amounts.map(\.value) == ["64.99"])
        #expect(f.references.isEmpty)
        #expect(f.invoices.last?.evidence.view == .attachmentName)
    }

    @Test(arguments: [
        ("4111 1111 1111 1111", "**** **** **** 1111"),
        ("card 5500-0000-0000-0004 declined", "card ****-****-****-0004 declined"),
        ("Amex 378282246310005.", "Amex ***********0005."),
        ("call +49 511 000000-12", "call +49 511 000000-12"),
        ("order 4111111111111112", "order 4111111111111112"),
        ("IBAN DE89370400440532013000", "IBAN DE89370400440532013000"),
        // the pre-check skips digit-free stretches eight bytes at a time: runs across those stretches
        ("abcdefg4111 1111 1111 1111", "abcdefg**** **** **** 1111"),
        ("reference number, card 4111-1111-1111-1111 thanks", "reference number, card ****-****-****-1111 thanks"),
        ("4111 1111 1111  1111 has two spaces", "4111 1111 1111  1111 has two spaces"),
    ])
    func cardNumbersAreMaskedToTheLastFour(input: String, expected: String) {
        #expect(CardRedactor().redact(input).text == expected)
    }

    @Test func bareDollarFollowsTheMail() {
        #expect(extract("I paid $120 and CAD 30.").amounts.map(\.currency) == ["CAD", "CAD"])
        #expect(extract("I paid $120.", domain: "example.com.au").amounts.first?.currency == "AUD")
        let plain = extract("I paid $120.")
        #expect(plain.amounts.first?.currency == "USD")
        #expect(plain.amounts.first?.note == "bare $ read as USD (default)")
    }

    @Test func numbersShapedLikeDatesWithHugeFieldsAreNotDates() {
        #expect(extract("Invoice 123456789012345678901.01.2024").invoices.map(\.value) == ["123456789012345678901.01.2024"])
        #expect(extract("Invoice 12.03.2024").invoices.isEmpty)
    }

    @Test(arguments: [("Total 1'250.– CHF", "1250"), ("EUR 1.234,56", "1234.56"), ("12.5k USD", "12500"), ("€ 007,50", "7.50")])
    func amountValuesAreNormalized(text: String, value: String) {
        #expect(extract(text).amounts.map(\.value) == [value])
    }

    @Test func krFollowsTheLanguage() {
        #expect(extract("Jeg har betalt 450 kr.", language: "da").amounts.first?.currency == "DKK")
        #expect(extract("Jag har betalat 450 kr", language: "sv").amounts.first?.currency == "SEK")
    }

    @Test func badRegexIsReportedWithItsPosition() throws {
        let dir = NSTemporaryDirectoryPath() + "/bt-patterns"
        try writeRules(dir, invoices: "label en: invoice\nstandalone: (INV\n")
        #expect { try ExtractionPatterns(directory: dir) } throws: { error in
            String(describing: error).contains("invoices.rules:2:")
        }
    }
}

import Foundation

private func NSTemporaryDirectoryPath() -> String { NSTemporaryDirectory() + UUID().uuidString }

private func writeRules(_ dir: String, invoices: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let root = TestRules.repositoryRoot.appendingPathComponent("Rules/extraction")
    for name in ["references.rules", "common.rules", "currencies.rules"] {
        try FileManager.default.copyItem(atPath: root.appendingPathComponent(name).path, toPath: dir + "/" + name)
    }
    try Data(invoices.utf8).write(to: URL(fileURLWithPath: dir + "/invoices.rules"))
}
