import Testing
@testable import Extraction

/// The character pre-check that decides whether the IBAN and VAT regexes run: it may say yes
/// for text they do not match, never no for text they do.
@Suite struct BankIdentifierShapeTests {
    static let matching = [
        "IBAN DE89 3704 0044 0532 0130 00", "iban de89370400440532013000 please", "GB29NWBK60161331926819",
        "VAT DE123456789", "ES X1234567Z", "ESX1234567Z", "FR AB 123456789", "FRAB123456789", "CHE-123.456.789",
        "ATU12345678", "BE 0123.456.789", "NL123456789B01", "IE 1234567WA", "DE １２３４５６７８９", "DE٠١٢٣٤٥٦٧٨",
        "Grüße — USt-IdNr. DE 123456789.", "x\u{17F}E89370400440532013000", "end: GB123456789",
    ]

    @Test(arguments: matching)
    func aTextTheRegexesMatchPassesThePreCheck(text: String) {
        let bank = BankIdentifiers(jit: false), jitted = BankIdentifiers(jit: true)
        var copy = text
        copy.withUTF8 { bytes in
            let shapes = BankIdentifiers.shapes(in: bytes)
            #expect(bank.iban.matches(in: bytes).isEmpty || shapes.iban)
            #expect(bank.vat.matches(in: bytes).isEmpty || shapes.vat)
            #expect(!bank.iban.matches(in: bytes).isEmpty || !bank.vat.matches(in: bytes).isEmpty)
            // The regexes compiled with JIT (runs) find what the interpreted ones (deliver) find.
            #expect(jitted.iban.matches(in: bytes).map(\.range) == bank.iban.matches(in: bytes).map(\.range))
            #expect(jitted.vat.matches(in: bytes).map(\.range) == bank.vat.matches(in: bytes).map(\.range))
        }
    }

    @Test(arguments: ["Hello, invoice 2024/118 is paid. Thanks!", "order ab-12 and Cd 1", "", "Rechnung über 89,95 €"])
    func plainTextSkipsBothRegexes(text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            let shapes = BankIdentifiers.shapes(in: bytes)
            #expect(!shapes.iban && !shapes.vat)
        }
    }
}
