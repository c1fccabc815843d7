import Testing
import MailModel
@testable import MailParsing

/// Quotes, escapes and comments in display names read the same by bytes (ASCII) and by characters.
/// (Expected values are built outside `#expect`: its expansion mangles escaped quotes.)
@Suite struct AddressParserTests {
    static let quote = "\""
    static let backslash = "\\"

    @Test func quotedNamesWithEscapesAndComments() {
        let q = Self.quote, e = Self.backslash
        let ascii = AddressParser.parse(q + "Doe, " + e + q + "Jane" + e + q + q + " (Billing) <jane@example.org>, bob@example.org (Bob (B.) Smith)")
        let names = ascii.map(\.name), addresses = ascii.map(\.address)
        let expectedNames = ["Doe, " + q + "Jane" + q, "Bob (B.) Smith"]
        #expect(names == expectedNames)
        #expect(addresses == ["jane@example.org", "bob@example.org"])
        let accented = AddressParser.parse(q + "Müller, " + e + q + "Jürgen" + e + q + q + " (Buchhaltung) <j@example.de>")
        let name = accented.first?.name, address = accented.first?.address
        let expectedName = "Müller, " + q + "Jürgen" + q
        #expect(name == expectedName)
        #expect(address == "j@example.de")
    }

    @Test func aMarkJoinedToAQuoteIsNoQuote() {
        // A quote followed by a combining acute is one character, not a quote: the quoted part never
        // closes, so the "<" is quoted too and the value is read as a bare address.
        let q = Self.quote
        let parsed = AddressParser.parse(q + "Ana" + q + "\u{301} <ana@example.org>")
        let name = parsed.first?.name, address = parsed.first?.address
        let expectedAddress = "Ana" + q + "\u{301} <ana@example.org>"
        #expect(name == "")
        #expect(address == expectedAddress)
    }
}
