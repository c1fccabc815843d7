import Testing
import MailModel

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Mit freundlichen Grüßen", "mit freundlichen grussen"),
        ("FACTURE n° FA2024-0456", "facture n° fa2024-0456"),
        ("Atención: ¿Cuándo?", "atencion: ¿cuando?"),
        ("Œuvre Æther", "oeuvre aether"),
        ("nº 5521", "no 5521"),
        ("1\u{00A0}234,56", "1 234,56"),
    ])
    func foldsCaseAndDiacritics(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test func headerLookupIsCaseInsensitive() {
        let headers = [HeaderField(name: "SUBJECT", value: "Rechnung", rawValue: "Rechnung")]
        #expect(headers.first(named: "subject") == "Rechnung")
        #expect(headers.first(named: "From") == nil)
    }

    @Test func addressSplitsDomainAndLocalPart() {
        let a = EmailAddress(name: "Ana", address: "Ana.Lopez@Example.ES")
        #expect(a.domain == "example.es")
        #expect(a.localPart == "ana.lopez")
    }
}
