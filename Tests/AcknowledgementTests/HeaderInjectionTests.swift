import Foundation
import Testing
import Acknowledgement
import MailModel
import MailParsing

/// Text from incoming mail never adds headers, lines or encoded words to what we send.
@Suite struct HeaderInjectionTests {
    func compose(subject: String, name: String, messageID: String = "<a@example.org>",
                 references: [String] = []) throws -> (text: String, parsed: Message) {
        let library = try TemplateLibrary(directory: Paths.templates, only: ["en"])
        let (template, locale, _) = try #require(library.template(language: "en", intent: .refund))
        let composer = AckComposer(settings: AckSettings(), timeZone: TimeZone(identifier: "UTC")!)
        let request = AckRequest(ticket: "BT-000042", recipient: "ana@example.org", customerName: name, language: "en",
                                 invoices: [], amounts: [], slaDue: Date(timeIntervalSince1970: 1_796_000_000),
                                 originalSubject: subject, originalMessageID: messageID, originalReferences: references)
        let out = composer.compose(request, template: template, locale: locale, now: Date(timeIntervalSince1970: 1_795_000_000))
        let text = String(decoding: out.bytes, as: UTF8.self)
        return (text, MIMEParser().parse(out.bytes))
    }

    static let expectedHeaders = ["from", "to", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
                                  "x-auto-response-suppress", "x-billtriage-ticket", "mime-version", "content-type",
                                  "content-language", "content-transfer-encoding"]

    /// Decoded subjects as an attacker could make them (the parser already decoded RFC 2047).
    @Test(arguments: [
        "Refund\r\nBcc: victim@example.net",
        "Refund\nBcc: victim@example.net\n\nInjected body",
        "Refund\rX-Evil: 1",
        "Refund\u{85}Bcc: victim@example.net",
        "Refund\u{2028}Bcc: victim@example.net",
        "=?utf-8?q?Refund=0D=0ABcc:_victim@example.net?=",
        "=?utf-8?b?UmVmdW5kDQpCY2M6IHZpY3RpbUBleGFtcGxlLm5ldA==?=",
        "Refund \u{0}\u{7}\u{1B}[31m red",
        String(repeating: "long subject ", count: 200),
    ])
    func subjectCannotAddHeaders(subject: String) throws {
        let (text, parsed) = try compose(subject: subject, name: "Ana")
        let head = text.components(separatedBy: "\n\n")[0]
        #expect(!head.contains("\r"))
        #expect(parsed.headers.count == Self.expectedHeaders.count)
        #expect(Set(parsed.headers.map { $0.name.lowercased() }).isSubset(of: Set(Self.expectedHeaders)))
        #expect(parsed.header("Bcc") == nil && parsed.header("X-Evil") == nil)
        #expect(parsed.subject.hasPrefix("Re: ") && parsed.subject.hasSuffix(" [BT-000042]"))
        #expect(!parsed.subject.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 || $0.value == 0x2028 })
        #expect(parsed.subject.count <= 200)
        // A literal encoded word in the decoded subject goes out encoded, so no reader decodes it a second time.
        if subject.contains("=?") { #expect(head.contains("Subject: =?UTF-8?B?")) }
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
    }

    @Test(arguments: [
        ("Ana\r\nBcc: victim@example.net", ""),
        ("=?utf-8?q?Ana=0ABcc:_x@example.net?=", ""),
        ("Visit http://spam.example.net now", ""),
        ("ana@example.org", ""),
        ("<script>alert(1)</script>", ""),
        ("Ana María O'Neill-Pérez", "Ana María O'Neill-Pérez"),
        ("Jürgen Weiß", "Jürgen Weiß"),
    ])
    func customerNameIsGreetedOnlyWhenItIsAName(name: String, greeted: String) throws {
        #expect(HeaderSanitizer.personName(name) == greeted)
        let (_, parsed) = try compose(subject: "Refund", name: name)
        let body = parsed.body.text
        #expect(!body.contains("Bcc") && !body.contains("http://") && !body.contains("<script>"))
        #expect(body.hasPrefix(greeted.isEmpty ? "Hello," : "Dear \(greeted),"), "\(body.prefix(40))")
    }

    @Test func brokenOrHostileMessageIDsAreNotCopied() throws {
        let (text, parsed) = try compose(subject: "Refund", name: "Ana", messageID: "<a@example.org>\r\nBcc: x@example.net",
                                         references: ["<ok@example.org>", "not-an-id", "<sp ace@example.org>"])
        #expect(parsed.header("In-Reply-To") == nil)
        #expect(parsed.referenceIDs == ["<ok@example.org>"])
        #expect(!text.contains("Bcc"))
    }

    @Test(arguments: [
        ("ana@example.org", "ana@example.org"),
        ("<ana@example.org>", "ana@example.org"),
        ("ana@example.org\r\nBcc: x@example.net", nil),
        ("ana@example.org, eve@example.net", nil),
        ("ana@localhost", "ana@localhost"),
        ("ana@example..org", nil),
        ("\"ana\"@example.org", nil),
        ("", nil),
        // The byte-level check of ASCII addresses and the general one agree at every limit.
        (" \t<ana@example.org>\t ", "ana@example.org"),
        ("@example.org", nil),
        ("ana@", nil),
        ("ana@.example.org", nil),
        ("ana@example.org.", nil),
        (String(repeating: "a", count: 64) + "@example.org", String(repeating: "a", count: 64) + "@example.org"),
        (String(repeating: "a", count: 65) + "@example.org", nil),
        ("ana@exa mple.org", nil),
        ("ana@example.org\u{7F}", nil),
        ("josé@example.es", "josé@example.es"),
        ("josé@exa\u{85}mple.es", nil),
        ("<\u{338}ana@example.org>", nil),
    ] as [(String, String?)])
    func recipientMustBeOnePlainAddress(value: String, expected: String?) {
        #expect(HeaderSanitizer.address(value) == expected)
    }

    @Test(arguments: [
        ("RE: AW: Refund [BT-000001]", "Re: Refund [BT-000042]"),
        ("Réf: Facture", "Re: Facture [BT-000042]"),
        ("Refund", "Re: Refund [BT-000042]"),
        ("Status: paid?", "Re: Status: paid? [BT-000042]"),
        ("  Refund \t  request  ", "Re: Refund request [BT-000042]"),
        ("", "Re: [BT-000042]"),
    ])
    func replySubjectDropsPrefixesAndOldTags(original: String, expected: String) {
        #expect(HeaderSanitizer.replySubject(original, ticket: "BT-000042") == expected)
    }

    @Test(arguments: [
        ("Ana-Maria O'Neill.", "Ana-Maria O'Neill"),
        ("  \"Ana Smith\" ", "Ana Smith"),
        ("Ana2", ""),
        ("Ana_B", ""),
        ("Ana =?x", ""),
        ("Zoë D’Arcy", "Zoë D’Arcy"),
    ])
    func asciiAndOtherNamesAreJudgedAlike(name: String, greeted: String) {
        #expect(HeaderSanitizer.personName(name) == greeted)
    }

    @Test func lineCollapsesBlanksAndCutsAtTheLimit() {
        #expect(HeaderSanitizer.line("  a\t\tb\u{200B}c\u{2028}d\u{A0}e  ") == "a bc d e")
        #expect(HeaderSanitizer.line(String(repeating: "x", count: 10), limit: 10) == String(repeating: "x", count: 10))
        #expect(HeaderSanitizer.line(String(repeating: "é", count: 11), limit: 10) == String(repeating: "é", count: 9) + "…")
    }

    @Test func cardNumbersAndIBANsInTheSubjectAreMasked() throws {
        let (text, parsed) = try compose(subject: "Charged card 4111 1111 1111 1111 not IBAN DE89 3704 0044 0532 0130 00",
                                         name: "Ana")
        #expect(!text.contains("4111 1111 1111 1111") && !parsed.subject.contains("3704 0044"))
        #expect(parsed.subject.contains("1111") && parsed.subject.contains("DE"))
    }
}
